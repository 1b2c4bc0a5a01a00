package dev.bulwark.operator.writes;

import dev.bulwark.operator.OperatorTimings;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds how often Bulwark rewrites one object that another writer keeps changing back (a GitOps
 * tool re-applying its own version, another policy engine): the first {@code freeRepairs} repairs
 * within {@link OperatorTimings#repairWindow()} are immediate, each further one waits {@link
 * OperatorTimings#repairFirstWait()} doubled per repair, capped at {@link
 * OperatorTimings#repairMaxWait()}. With one free repair and production timings, a writer that
 * reverts every 5 s meets 6 writes in 5 minutes (at 0, 5, 15, 35, 75 and 155 s) instead of 60. An
 * object repaired twice within the window is contested. A write the API server refused waits the
 * same way before it is tried again, without making the object contested. Entries expire a window
 * after their last repair or refusal, so nothing is kept for objects at peace.
 */
public final class RepairBackoff {

  private final OperatorTimings timings;
  private final int freeRepairs;
  private final Map<ObjectRef, Repairs> repairs = new ConcurrentHashMap<>();
  private final Map<ObjectRef, Refusal> refusals = new ConcurrentHashMap<>();

  /**
   * @param freeRepairs how many repairs within the window happen without waiting (at least 1)
   */
  public RepairBackoff(OperatorTimings timings, int freeRepairs) {
    if (freeRepairs < 1) {
      throw new IllegalArgumentException("freeRepairs must be at least 1, was " + freeRepairs);
    }
    this.timings = timings;
    this.freeRepairs = freeRepairs;
  }

  /** Repairs of one object within the window, the last one's time and when the next may happen. */
  private record Repairs(int count, Instant last, Instant nextAllowed) {}

  /**
   * A refused write waiting for its retry: when, what the API server said, and how many refusals in
   * a row.
   */
  public record Refusal(Instant until, String message, int count, Instant last) {}

  /** When {@code object} may be repaired again; empty when now. */
  public Optional<Instant> waitUntil(ObjectRef object, Instant now) {
    Repairs r = current(object, now);
    return r == null || !r.nextAllowed().isAfter(now)
        ? Optional.empty()
        : Optional.of(r.nextAllowed());
  }

  /** Records a repair of {@code object} at {@code now}. */
  public void repaired(ObjectRef object, Instant now) {
    repairs.compute(
        object,
        (key, r) -> {
          int count = r == null || expired(r.last(), now) ? 1 : r.count() + 1;
          return new Repairs(count, now, now.plus(waitAfter(count)));
        });
  }

  /**
   * Records a write of {@code object} that the API server refused at {@code now} with {@code
   * message}: the next attempt waits as a repair would.
   */
  public void refused(ObjectRef object, Instant now, String message) {
    refusals.compute(
        object,
        (key, r) -> {
          int count = r == null || expired(r.last(), now) ? 1 : r.count() + 1;
          return new Refusal(
              now.plus(waitAfter(Math.max(count, freeRepairs))), message, count, now);
        });
  }

  /** The last refusal of {@code object} while its retry waits; empty when it may be tried now. */
  public Optional<Refusal> refusedUntil(ObjectRef object, Instant now) {
    Refusal r = refusals.get(object);
    return r == null || !r.until().isAfter(now) ? Optional.empty() : Optional.of(r);
  }

  /** Forgets the refusals of {@code object} once a write of it went through. */
  public void accepted(ObjectRef object) {
    refusals.remove(object);
  }

  /** The objects in {@code namespace} repaired twice or more within the window, sorted. */
  public List<ObjectRef> contested(String namespace, Instant now) {
    repairs.entrySet().removeIf(e -> expired(e.getValue().last(), now));
    refusals.entrySet().removeIf(e -> expired(e.getValue().last(), now));
    return repairs.entrySet().stream()
        .filter(e -> namespace.equals(e.getKey().namespace()) && e.getValue().count() >= 2)
        .map(Map.Entry::getKey)
        .sorted(Comparator.comparing(ObjectRef::toString))
        .toList();
  }

  /** The wait after the {@code count}-th repair within the window. */
  private Duration waitAfter(int count) {
    if (count < freeRepairs) {
      return Duration.ZERO;
    }
    Duration wait = timings.repairFirstWait().multipliedBy(1L << Math.min(count - freeRepairs, 16));
    return wait.compareTo(timings.repairMaxWait()) > 0 ? timings.repairMaxWait() : wait;
  }

  private boolean expired(Instant last, Instant now) {
    return last.plus(timings.repairWindow()).isBefore(now);
  }

  private Repairs current(ObjectRef object, Instant now) {
    Repairs r = repairs.get(object);
    if (r != null && expired(r.last(), now)) {
      repairs.remove(object, r);
      return null;
    }
    return r;
  }
}
