package dev.bulwark.operator.observe;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a bearer token with a TokenReview and authorizes the user it names with a
 * SubjectAccessReview for {@code get} on the non-resource URL {@code /metrics}, both answered by
 * the API server: the scheme of kube-rbac-proxy, so the RBAC a Prometheus already has for other
 * components' /metrics (a ClusterRole with {@code nonResourceURLs: ["/metrics"], verbs: ["get"]})
 * lets it read Bulwark's too. Needs {@code create} on tokenreviews and subjectaccessreviews. Tokens
 * are never logged; each request costs two API calls (Prometheus scrapes every 30 s or so).
 */
public final class KubernetesMetricsAccess implements MetricsAccess {

  /** The path authorized, as kube-rbac-proxy sends it. */
  public static final String PATH = "/metrics";

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesMetricsAccess.class);
  private static final String BEARER = "Bearer ";

  private final KubernetesClient client;

  public KubernetesMetricsAccess(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Decision decide(String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || authorization.substring(BEARER.length()).isBlank()) {
      return Decision.UNAUTHENTICATED;
    }
    String token = authorization.substring(BEARER.length()).strip();
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
}
