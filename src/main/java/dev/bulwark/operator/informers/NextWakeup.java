package dev.bulwark.operator.informers;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The earliest of the reasons one reconcile has to come back: each reason adds a delay or a due
 * time, and {@link #delay()} is the soonest, or null when none was added (then only the {@link
 * Wakeups} safety net applies).
 */
public final class NextWakeup {

  /** Added to a due time so the reconcile runs just after it, not a tick before. */
  static final Duration AFTER_DUE = Duration.ofMillis(100);

  private final Instant now;
  private Duration earliest;

  /** Reasons relative to {@code now}, the time the reconcile started. */
  public NextWakeup(Instant now) {
    this.now = now;
  }

  /** Come back after {@code delay} (null: no reason). */
  public NextWakeup after(Duration delay) {
    if (delay != null && (earliest == null || delay.compareTo(earliest) < 0)) {
      earliest = delay;
    }
    return this;
  }

  /** Come back after {@code delay}, if present. */
  public NextWakeup after(Optional<Duration> delay) {
    return after(delay.orElse(null));
  }

  /** Come back just after {@code due} (null: no reason). */
  public NextWakeup at(Instant due) {
    return due == null ? this : after(Duration.between(now, due).plus(AFTER_DUE));
  }

  /** Come back just after {@code due}, if present. */
  public NextWakeup at(Optional<Instant> due) {
    return at(due.orElse(null));
  }

  /** The soonest delay added, or null when there was none. */
  public Duration delay() {
    return earliest;
  }
}
