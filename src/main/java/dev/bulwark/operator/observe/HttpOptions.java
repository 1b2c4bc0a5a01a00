package dev.bulwark.operator.observe;

/**
 * Where the operator serves /metrics, /healthz and /readyz.
 *
 * @param bindAddress the address to listen on, e.g. 0.0.0.0 (all) or 127.0.0.1
 * @param port the TCP port; 0 picks a free one (tests)
 * @param authenticateMetrics whether /metrics needs a bearer token that the API server accepts
 *     (TokenReview) and authorizes for {@code get} on the non-resource URL /metrics
 *     (SubjectAccessReview); the health endpoints never do
 */
public record HttpOptions(String bindAddress, int port, boolean authenticateMetrics) {

  public HttpOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("HTTP port " + port + " is not in 0..65535");
    }
  }
}
