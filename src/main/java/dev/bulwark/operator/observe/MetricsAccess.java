package dev.bulwark.operator.observe;

/** Decides whether a request may read /metrics, from its Authorization header. */
@FunctionalInterface
public interface MetricsAccess {

  /** Everyone may read /metrics (the default; NetworkPolicy decides who can reach it). */
  MetricsAccess OPEN = header -> Decision.ALLOWED;

  /** The decision for a request with {@code authorization} (the header's value, or null). */
  Decision decide(String authorization);

  /** What the server answers: 200 with the metrics, 401, 403 or 503. */
  enum Decision {
    ALLOWED(200),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    UNAVAILABLE(503);

    private final int status;

    Decision(int status) {
      this.status = status;
    }

    /** The HTTP status code of this decision. */
    public int status() {
      return status;
    }
  }
}
