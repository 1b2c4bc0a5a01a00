package dev.bulwark.testing;

import dev.bulwark.operator.OperatorTimings;
import java.time.Duration;

/**
 * The operator timings integration tests run with: production's shape, shortened so tests wait on
 * conditions that arrive in seconds, not on production delays. The safety net and the memory of
 * deleted namespaces keep their production values: a test must never pass because of them.
 *
 * <p>{@code -Dbulwark.timings=production} (the Maven profile {@code long}) runs the ITs with
 * production timings instead, and the windows below grow with them.
 */
public final class TestTimings {

  /** The system property choosing the timings: {@code fast} (default) or {@code production}. */
  public static final String PROPERTY = "bulwark.timings";

  private TestTimings() {}

  /** Whether this run uses production timings. */
  public static boolean production() {
    return "production".equals(System.getProperty(PROPERTY, "fast"));
  }

  /** The timings of this run: {@link #fast()}, or production's under {@link #PROPERTY}. */
  public static OperatorTimings current() {
    return production() ? OperatorTimings.production() : fast();
  }

  /**
   * How long a quiet window lasts in tests that check nothing is written while nothing changes: at
   * least seven periods of every periodic timing except the safety net (60 s under production
   * timings, whose longest such period is the 60-s OpenReports API recheck; 15 s under fast ones,
   * whose longest is 2 s).
   */
  public static Duration quietWindow() {
    return production() ? Duration.ofSeconds(60) : Duration.ofSeconds(15);
  }

  /** How long to let trailing writes land after convergence before a quiet window starts. */
  public static Duration settle() {
    return production() ? Duration.ofSeconds(5) : Duration.ofSeconds(2);
  }

  /** Short waits, quick retries; see the class comment. */
  public static OperatorTimings fast() {
    OperatorTimings production = OperatorTimings.production();
    return new OperatorTimings(
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        Duration.ofSeconds(2),
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        Duration.ofMillis(500),
        production.forgottenNamespaces(),
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        production.safetyNet(),
        Duration.ofSeconds(2),
        production.leaseDuration(),
        production.leaseRenewDeadline(),
        production.leaseRetryPeriod(),
        production.cacheSyncTimeout());
  }
}
