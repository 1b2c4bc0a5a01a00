package dev.bulwark.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP surface's hardening: headers, methods, body limit, unknown paths, errors without
 * internals and the access decisions for /metrics. (Against the real API server, the TokenReview
 * and SubjectAccessReview path is tested by ObservabilityIT.)
 */
class ObservabilityServerTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicReference<String> metrics = new AtomicReference<>("up 1\n");
  private final AtomicReference<MetricsAccess> access = new AtomicReference<>(MetricsAccess.OPEN);
  private final AtomicReference<HealthCheck> ready =
      new AtomicReference<>(new HealthCheck(true, "ok"));
  private ObservabilityServer server;

  @BeforeEach
  void start() {
    server =
        ObservabilityServer.start(
            new HttpOptions("127.0.0.1", 0, false),
            () -> {
              String text = metrics.get();
              if (text == null) {
                throw new IllegalStateException("secret internals at dev.bulwark.Foo.bar(Foo:1)");
              }
              return text;
            },
            () -> new HealthCheck(true, "ok"),
            ready::get,
            header -> access.get().decide(header));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private static void assertHardened(HttpResponse<?> response) {
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.headers().firstValue("Content-Security-Policy"))
        .hasValue("default-src 'none'");
    assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/metrics", "/healthz", "/readyz", "/nope", "/metrics/", "/"})
  void everyResponseCarriesTheSecurityHeaders(String path) throws Exception {
    assertHardened(get(path));
  }

  @Test
  void metricsAreServedAsPrometheusText() throws Exception {
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue(ObservabilityServer.METRICS_CONTENT_TYPE);
    assertThat(response.body()).isEqualTo("up 1\n");
  }

  @Test
  void headAnswersWithoutABody() throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri("/healthz")).method("HEAD", BodyPublishers.noBody()));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertHardened(response);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"})
  void onlyGetAndHeadAreAllowed(String method) throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri("/metrics")).method(method, BodyPublishers.noBody()));
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertHardened(response);
  }

  @Test
  void unknownPathsAre404() throws Exception {
    for (String path : new String[] {"/", "/metrics/x", "/healthz/", "/debug/pprof", "/..%2f"}) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.body()).isEqualTo("not found\n");
    }
  }

  @Test
  void aBodyOverTheLimitIsRefusedByItsLength() throws Exception {
    String big = "x".repeat(ObservabilityServer.MAX_BODY_BYTES + 1);
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri("/metrics")).method("GET", BodyPublishers.ofString(big)));
    assertThat(response.statusCode()).isEqualTo(413);
    assertHardened(response);
    HttpResponse<String> post =
        send(HttpRequest.newBuilder(uri("/metrics")).POST(BodyPublishers.ofString(big)));
    assertThat(post.statusCode()).isEqualTo(413);
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefused() throws Exception {
    byte[] big = new byte[ObservabilityServer.MAX_BODY_BYTES * 4];
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/metrics"))
                .method("GET", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void aSmallBodyIsTolerated() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/healthz"))
                .method("GET", BodyPublishers.ofString("x".repeat(100))));
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void anErrorShowsNoInternals() throws Exception {
    metrics.set(null);
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("internal error\n");
    assertHardened(response);
  }

  @Test
  void aTakenPortIsAClearError() {
    int taken = server.address().getPort();
    assertThatThrownBy(
            () ->
                ObservabilityServer.start(
                    new HttpOptions("127.0.0.1", taken, false),
                    () -> "",
                    () -> new HealthCheck(true, "ok"),
                    () -> new HealthCheck(true, "ok"),
                    MetricsAccess.OPEN))
        .isInstanceOf(ListenException.class)
        .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken + ": ");
  }

  @Test
  void readinessFollowsTheCheck() throws Exception {
    ready.set(new HealthCheck(false, "informers syncing"));
    HttpResponse<String> response = get("/readyz");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("informers syncing\n");
    ready.set(new HealthCheck(true, "standby"));
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void metricsAccessDecisionsMapToStatusCodes() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    access.set(
        header -> {
          seen.set(header);
          return MetricsAccess.Decision.UNAUTHENTICATED;
        });
    HttpResponse<String> unauthenticated = get("/metrics");
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    assertThat(unauthenticated.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(unauthenticated.body()).doesNotContain("up 1");
    assertThat(seen.get()).isNull();

    access.set(header -> MetricsAccess.Decision.FORBIDDEN);
    HttpResponse<String> forbidden =
        send(HttpRequest.newBuilder(uri("/metrics")).header("Authorization", "Bearer t").GET());
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.body()).isEqualTo("forbidden\n");

    access.set(header -> MetricsAccess.Decision.UNAVAILABLE);
    assertThat(get("/metrics").statusCode()).isEqualTo(503);

    // Health stays open whatever /metrics asks.
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }
}
