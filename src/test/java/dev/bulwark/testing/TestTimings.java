package dev.bulwark.testing;

import dev.bulwark.operator.OperatorTimings;
import java.time.Duration;

/**
 * The operator timings integration tests run with: production's shape, shortened so tests wait on
 * conditions that arrive in seconds, not on production delays. The safety net and the memory of
 * deleted namespaces keep their production values: a test must never pass because of them.
 */
public final class TestTimings {

  private TestTimings() {}

  /** Short waits, quick retries; see the class comment. */
  public static OperatorTimings fast() {
    OperatorTimings production = OperatorTimings.production();
    return new OperatorTimings(
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        production.forgottenNamespaces(),
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        production.safetyNet(),
        Duration.ofSeconds(2),
        production.leaseDuration(),
        production.leaseRenewDeadline(),
        production.leaseRetryPeriod());
  }
}
