package dev.bulwark.operator.observe;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a bearer token with a TokenReview and authorizes the user it names with a
 * SubjectAccessReview for {@code get} on the non-resource URL {@code /metrics}, both answered by
 * the API server: the scheme of kube-rbac-proxy, so the RBAC a Prometheus already has for other
 * components' /metrics (a ClusterRole with {@code nonResourceURLs: ["/metrics"], verbs: ["get"]})
 * lets it read Bulwark's too. Needs {@code create} on tokenreviews and subjectaccessreviews. Tokens
 * are never logged or kept: decisions are remembered by the token's SHA-256.
 *
 * <p>What the API server decided about a token (allowed, unauthenticated or forbidden) is reused
 * for {@link #CACHE_FOR}, as the API server's own delegated authentication and authorization cache
 * theirs, so a scrape every few seconds, or a client repeating a bad token, costs two reviews per
 * {@link #CACHE_FOR} at most; at most {@value #CACHED_TOKENS} tokens are remembered (the oldest
 * forgotten first), and at most {@value #REVIEWS_AT_ONCE} reviews run at once (a request beyond
 * them gets 503), so clients sending many different tokens cannot make the operator flood the API
 * server. An answer the API server could not give (an error) is not remembered.
 */
public final class KubernetesMetricsAccess implements MetricsAccess {

  /** The path authorized, as kube-rbac-proxy sends it. */
  public static final String PATH = "/metrics";

  /** How long a decision about a token is reused. */
  public static final Duration CACHE_FOR = Duration.ofSeconds(10);

  /** Most tokens whose decision is remembered. */
  public static final int CACHED_TOKENS = 256;

  /** Most reviews (TokenReview and SubjectAccessReview) in flight at once. */
  public static final int REVIEWS_AT_ONCE = 4;

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesMetricsAccess.class);
  private static final String BEARER = "Bearer ";

  private final Function<String, Decision> reviewer;
  private final Clock clock;
  private final Semaphore reviews = new Semaphore(REVIEWS_AT_ONCE);

  /** Decisions by the token's SHA-256 (hex), least recently stored first. */
  private final Map<String, Remembered> decisions = new NewestEntries();

  public KubernetesMetricsAccess(KubernetesClient client) {
    this(token -> review(client, token), Clock.systemUTC());
  }

  /**
   * Decides with {@code reviewer} (token to decision), remembering its answers by {@code clock}.
   */
  KubernetesMetricsAccess(Function<String, Decision> reviewer, Clock clock) {
    this.reviewer = reviewer;
    this.clock = clock;
  }

  @Override
  public Decision decide(String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || authorization.substring(BEARER.length()).isBlank()) {
      return Decision.UNAUTHENTICATED;
    }
    String token = authorization.substring(BEARER.length()).strip();
    String key = sha256(token);
    Instant now = clock.instant();
    synchronized (decisions) {
      Remembered known = decisions.get(key);
      if (known != null && now.isBefore(known.at().plus(CACHE_FOR))) {
        return known.decision();
      }
    }
    if (!reviews.tryAcquire()) {
      return Decision.UNAVAILABLE;
    }
    try {
      Decision decision = reviewer.apply(token);
      if (decision != Decision.UNAVAILABLE) {
        synchronized (decisions) {
          decisions.put(key, new Remembered(decision, now));
        }
      }
      return decision;
    } finally {
      reviews.release();
    }
  }

  /** Asks the API server: TokenReview, then SubjectAccessReview of the user it names. */
  private static Decision review(KubernetesClient client, String token) {
    try {
      TokenReview review =
          client
              .tokenReviews()
              .create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
      if (review.getStatus() == null
          || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())
          || review.getStatus().getUser() == null) {
        return Decision.UNAUTHENTICATED;
      }
      UserInfo user = review.getStatus().getUser();
      Map<String, List<String>> extra =
          user.getExtra() == null ? Map.of() : new HashMap<>(user.getExtra());
      SubjectAccessReview access =
          client
              .authorization()
              .v1()
              .subjectAccessReview()
              .create(
                  new SubjectAccessReviewBuilder()
                      .withNewSpec()
                      .withUser(user.getUsername())
                      .withUid(user.getUid())
                      .withGroups(user.getGroups())
                      .withExtra(extra)
                      .withNewNonResourceAttributes()
                      .withPath(PATH)
                      .withVerb("get")
                      .endNonResourceAttributes()
                      .endSpec()
                      .build());
      return access.getStatus() != null && Boolean.TRUE.equals(access.getStatus().getAllowed())
          ? Decision.ALLOWED
          : Decision.FORBIDDEN;
    } catch (KubernetesClientException e) {
      LOG.warn("metrics: could not review a token with the API server: HTTP {}", e.getCode());
      return Decision.UNAVAILABLE;
    }
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** A decision and when the API server gave it. */
  private record Remembered(Decision decision, Instant at) {}

  /** Keeps the {@value #CACHED_TOKENS} entries stored last. */
  private static final class NewestEntries extends LinkedHashMap<String, Remembered> {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
      return size() > CACHED_TOKENS;
    }
  }
}
