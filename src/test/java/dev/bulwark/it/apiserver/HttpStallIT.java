package dev.bulwark.it.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.operator.observe.HealthCheck;
import dev.bulwark.operator.observe.HttpOptions;
import dev.bulwark.operator.observe.KubernetesMetricsAccess;
import dev.bulwark.operator.observe.MetricsAccess;
import dev.bulwark.operator.observe.MetricsAccess.Decision;
import dev.bulwark.operator.observe.ObservabilityServer;
import dev.bulwark.testing.AuditLog;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 26, item 6 (API-server tier: the control plane for the token reviews, no operator): no
 * client can stall the operator's HTTP endpoints. Any pod that can reach the port used to hold both
 * of its threads with two connections that sent one byte each, and the liveness probe then failed:
 * here 50 such connections (and 20 that send nothing) are open while /healthz must answer within
 * the chart's probe timeout, and a stalled connection is closed by the server. Against the real API
 * server, repeated requests with one token cost one TokenReview.
 */
@LocalCluster
class HttpStallIT {

  /** The chart's livenessProbe and readinessProbe timeoutSeconds. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  /** Well past the 5 s the server gives a request to arrive (docs/observability.md). */
  private static final Duration CLOSED_WITHIN = Duration.ofSeconds(30);

  /** The readinessProbe's failureThreshold: the attempts a probe gets before the pod suffers. */
  private static final int PROBE_ATTEMPTS = 3;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Socket> stalled = new ArrayList<>();
  private ObservabilityServer server;

  @BeforeEach
  void start() {
    server =
        ObservabilityServer.start(
            new HttpOptions("127.0.0.1", 0, false),
            () -> "up 1\n",
            () -> new HealthCheck(true, "ok"),
            () -> new HealthCheck(true, "ok"),
            MetricsAccess.OPEN);
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : stalled) {
      socket.close();
    }
    server.close();
  }

  @Test
  void fiftyStalledConnectionsDoNotKeepHealthzFromAnsweringWithinTheProbeTimeout()
      throws Exception {
    for (int i = 0; i < 50; i++) {
      stall("GET /metrics HTTP/1.1\r\nHo");
    }
    for (int i = 0; i < 20; i++) {
      stall("");
    }

    HttpResponse<String> health = probe("/healthz");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("ok\n");
    assertThat(probe("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void aConnectionThatStallsItsRequestIsClosedByTheServer() throws Exception {
    Socket socket = stall("G");
    socket.setSoTimeout(1000);
    InputStream in = socket.getInputStream();

    await().atMost(CLOSED_WITHIN).until(() -> closed(in));
  }

  /**
   * The same bearer token, accepted or refused, is reviewed once however often it comes: counted in
   * the API server's own audit log.
   */
  @Test
  void repeatedRequestsWithOneTokenCostOneTokenReview(TestCluster cluster) throws Exception {
    Instant from = Instant.now();
    String token = "not-a-token-" + UUID.randomUUID();
    try (KubernetesClient client = cluster.newClient()) {
      KubernetesMetricsAccess access = new KubernetesMetricsAccess(client);
      for (int i = 0; i < 20; i++) {
        assertThat(access.decide("Bearer " + token)).isEqualTo(Decision.UNAUTHENTICATED);
      }
    }
    Instant to = Instant.now();

    List<AuditLog.Request> reviews =
        AuditLog.read(cluster.plane().auditLog()).stream()
            .filter(r -> "tokenreviews".equals(r.resource()) && "create".equals(r.verb()))
            .filter(r -> !r.completed().isBefore(from) && !r.completed().isAfter(to))
            .toList();
    assertThat(reviews).hasSize(1);
  }

  /** A connection that sent {@code start} of a request and nothing more. */
  private Socket stall(String start) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.address().getPort());
    stalled.add(socket);
    OutputStream out = socket.getOutputStream();
    out.write(start.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** Asks as the kubelet does: each attempt times out after the probe timeout. */
  private HttpResponse<String> probe(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
            .timeout(PROBE_TIMEOUT)
            .GET()
            .build();
    java.net.http.HttpTimeoutException last = null;
    for (int attempt = 0; attempt < PROBE_ATTEMPTS; attempt++) {
      try {
        return http.send(request, BodyHandlers.ofString());
      } catch (java.net.http.HttpTimeoutException e) {
        last = e;
      }
    }
    throw new AssertionError(
        path + " did not answer within " + PROBE_TIMEOUT + " in " + PROBE_ATTEMPTS + " attempts",
        last);
  }

  private static boolean closed(InputStream in) {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
