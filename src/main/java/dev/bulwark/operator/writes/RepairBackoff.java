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
 * tool re-applying its own version, another policy engine), without slowing the repair of an
 * isolated change. Repairs of one object form a fight while the other writer changes the object
 * back during the wait before the next repair, or within {@link OperatorTimings#repairFirstWait()}
 * after that wait ended; in a fight the first {@code freeRepairs} repairs are immediate, each
 * further one waits {@link OperatorTimings#repairFirstWait()} doubled per repair, capped at {@link
 * OperatorTimings#repairMaxWait()}. A change after a longer quiet starts afresh: its repair is
 * immediate, however many repairs came before. With one free repair and production timings, a
 * writer that reverts every 5 s meets 6 writes in 5 minutes (at 0, 5, 15, 35, 75 and 155 s) instead
 * of 60; a tenant who changes the object again a few minutes later is repaired at once. An object
 * repaired twice within {@link OperatorTimings#repairWindow()} is contested, fight or not. A write
 * the API server refused waits the same way before it is tried again, without making the object
 * contested. Entries expire a window after their last repair or refusal, so nothing is kept for
 * objects at peace.
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

  /**
   * Repairs of one object: how many in the current fight, how many within the window, the last
   * one's time, when the next may happen, and whether a repair was held back since the last one.
   */
  private record Repairs(int fight, int recent, Instant last, Instant nextAllowed, boolean held) {}

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

  /**
   * Records that a repair of {@code object} was wanted at {@code now} and held back by {@link
   * #waitUntil}: the object was changed back while its repair waited, so the next repair continues
   * the fight.
   */
  public void held(ObjectRef object, Instant now) {
    repairs.computeIfPresent(
        object,
        (key, r) ->
            r.nextAllowed().isAfter(now)
                ? new Repairs(r.fight(), r.recent(), r.last(), r.nextAllowed(), true)
                : r);
  }

  /** Records a repair of {@code object} at {@code now}. */
  public void repaired(ObjectRef object, Instant now) {
    repairs.compute(
        object,
        (key, r) -> {
          boolean windowed = r != null && !expired(r.last(), now);
          int recent = windowed ? r.recent() + 1 : 1;
          int fight = windowed && fighting(r, now) ? r.fight() + 1 : 1;
          return new Repairs(fight, recent, now, now.plus(waitAfter(fight)), false);
        });
  }

  /**
   * Whether a repair at {@code now} continues the fight of {@code r}: a repair was held back since
   * the last one, or it comes within {@link OperatorTimings#repairFirstWait()} after the wait.
   */
  private boolean fighting(Repairs r, Instant now) {
    return r.held() || now.isBefore(r.nextAllowed().plus(timings.repairFirstWait()));
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
        .filter(e -> namespace.equals(e.getKey().namespace()) && e.getValue().recent() >= 2)
        .map(Map.Entry::getKey)
        .sorted(Comparator.comparing(ObjectRef::toString))
        .toList();
  }

  /** The wait after the {@code count}-th repair of a fight. */
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
