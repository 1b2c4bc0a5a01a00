package dev.bulwark.operator.namespace;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds how often Bulwark rewrites one object that another writer keeps changing back (a GitOps
 * tool re-applying its own version, another policy engine): the first repair is immediate, each
 * further repair within {@link #WINDOW} waits {@link #FIRST_WAIT} doubled per repair, capped at
 * {@link #MAX_WAIT}. Against a writer that reverts every 5 s that is 6 writes in 5 minutes (at 0,
 * 5, 15, 35, 75 and 155 s) instead of 60. An object repaired twice within the window is contested.
 * Entries expire {@link #WINDOW} after their last repair, so nothing is kept for objects at peace.
 */
final class RepairBackoff {

  /** How long a repair is remembered. */
  static final Duration WINDOW = Duration.ofMinutes(10);

  static final Duration FIRST_WAIT = Duration.ofSeconds(5);
  static final Duration MAX_WAIT = Duration.ofMinutes(10);

  private final Map<String, Repairs> repairs = new ConcurrentHashMap<>();

  /** Repairs of one object within the window, the last one's time and when the next may happen. */
  record Repairs(int count, Instant last, Instant nextAllowed) {

    boolean contested() {
      return count >= 2;
    }
  }

  /** When {@code object} (namespace/kind/name) may be written again; empty when now. */
  Optional<Instant> waitUntil(String object, Instant now) {
    Repairs r = current(object, now);
    return r == null || !r.nextAllowed().isAfter(now)
        ? Optional.empty()
        : Optional.of(r.nextAllowed());
  }

  /** Records a repair of {@code object} at {@code now}; returns its state afterwards. */
  Repairs repaired(String object, Instant now) {
    return repairs.compute(
        object,
        (key, r) -> {
          int count = r == null || r.last().plus(WINDOW).isBefore(now) ? 1 : r.count() + 1;
          Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(count - 1, 16));
          return new Repairs(count, now, now.plus(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait));
        });
  }

  /**
   * Records a write of {@code object} that the API server refused at {@code now}: the next attempt
   * waits as a repair would, without making the object count as contested.
   */
  void refused(String object, Instant now, String message) {
    repaired(REFUSED + object, now);
    refusals.put(object, message);
  }

  /** The last refusal of {@code object} while its retry waits; empty when it may be tried now. */
  Optional<Refusal> refusedUntil(String object, Instant now) {
    return waitUntil(REFUSED + object, now)
        .map(until -> new Refusal(until, refusals.getOrDefault(object, "refused")));
  }

  /** Forgets the refusals of {@code object} once a write of it went through. */
  void accepted(String object) {
    repairs.remove(REFUSED + object);
    refusals.remove(object);
  }

  /** A refused write waiting for its retry: when, and what the API server said last time. */
  record Refusal(Instant until, String message) {}

  private final Map<String, String> refusals = new ConcurrentHashMap<>();

  private static final String REFUSED = "refused:";

  /** The objects of {@code namespace} repaired twice or more within the window. */
  List<String> contested(String namespace, Instant now) {
    repairs.entrySet().removeIf(e -> e.getValue().last().plus(WINDOW).isBefore(now));
    return repairs.entrySet().stream()
        .filter(e -> e.getKey().startsWith(namespace + "/") && e.getValue().contested())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private Repairs current(String object, Instant now) {
    Repairs r = repairs.get(object);
    if (r != null && r.last().plus(WINDOW).isBefore(now)) {
      repairs.remove(object, r);
      return null;
    }
    return r;
  }
}
