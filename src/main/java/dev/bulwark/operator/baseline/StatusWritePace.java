package dev.bulwark.operator.baseline;

import dev.bulwark.operator.OperatorTimings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one status write per SecurityBaseline per {@link OperatorTimings#statusWriteInterval()}:
 * a burst of changes across many namespaces becomes one write per interval instead of one per
 * change. A reconcile whose status changed asks {@link #holdUntil}; when it must wait, it writes
 * nothing and comes back at the instant returned, recomputing the status then, so the latest status
 * is written and nothing is lost. Kept per baseline uid, in this process only: after a restart or a
 * leader change the first write is never held.
 */
final class StatusWritePace {

  private final Duration interval;
  private final Map<String, Instant> lastWrite = new ConcurrentHashMap<>();

  StatusWritePace(Duration interval) {
    this.interval = interval;
  }

  /**
   * When the baseline with {@code uid} may have its status written next; empty when now (no write
   * within the interval before {@code now}).
   */
  Optional<Instant> holdUntil(String uid, Instant now) {
    Instant last = lastWrite.get(uid);
    if (last == null) {
      return Optional.empty();
    }
    Instant next = last.plus(interval);
    return next.isAfter(now) ? Optional.of(next) : Optional.empty();
  }

  /** Records a status write of the baseline with {@code uid} at {@code now}. */
  void wrote(String uid, Instant now) {
    lastWrite.put(uid, now);
  }

  /** Forgets the baselines whose uid is not in {@code live}. */
  void retain(Set<String> live) {
    lastWrite.keySet().retainAll(live);
  }
}
