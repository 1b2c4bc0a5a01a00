package dev.bulwark.operator.ledger;

import dev.bulwark.api.DriftStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The latest evaluation of every live namespace, written by the namespace reconciler (one namespace
 * at a time) and read by the baseline reconciler (which aggregates), so a change in one namespace
 * never costs a pass over all of them.
 *
 * <p>It holds only what this process has computed since it started: after a restart or a leader
 * change it is empty, and the baseline reconciler writes no status until every namespace a baseline
 * selects has an evaluation again. Drift counts are the one thing carried over, seeded once per
 * baseline from the status the previous process wrote. A deleted namespace is forgotten at its
 * delete (or terminating) event, matched by uid; its uid alone is kept for a while ({@code
 * goneFor}) so that a reconcile still in flight (or started from a stale cache after a lost watch)
 * cannot bring its evaluation back.
 */
public final class ComplianceLedger {

  private final Clock clock;
  private final Duration goneFor;

  /**
   * @param goneFor how long the uid of a forgotten namespace is remembered, so that a reconcile
   *     which was already running when the namespace went away cannot record an evaluation of it
   *     afterwards
   * @param clock where the time of a namespace's forgetting is read
   */
  public ComplianceLedger(Duration goneFor, Clock clock) {
    this.goneFor = goneFor;
    this.clock = clock;
  }

  private final Map<String, NamespaceEvaluation> evaluations = new ConcurrentHashMap<>();
  private final Map<String, Instant> gone = new ConcurrentHashMap<>();
  private final Map<String, DriftCount> drift = new ConcurrentHashMap<>();
  private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<NamespaceEvaluation>> recorded = new CopyOnWriteArrayList<>();
  private final List<Consumer<NamespaceEvaluation>> stored = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<String, String>> repairedObjects = new CopyOnWriteArrayList<>();

  /** Calls {@code listener} with the names of the baselines whose aggregate may have changed. */
  public void onChange(Consumer<Set<String>> listener) {
    listeners.add(listener);
  }

  /**
   * Calls {@code listener} with every evaluation recorded, changed or not (for counters such as the
   * enforcement errors metric); evaluations about forgotten namespaces are not passed on.
   */
  public void onRecord(Consumer<NamespaceEvaluation> listener) {
    recorded.add(listener);
  }

  /**
   * Calls {@code listener} with every evaluation recorded, changed or not, once {@link #previous}
   * returns it (the change listeners run after it too); evaluations about forgotten namespaces are
   * not passed on.
   */
  public void onStored(Consumer<NamespaceEvaluation> listener) {
    stored.add(listener);
  }

  /**
   * Calls {@code listener} with (baseline name, object kind) for every object a drift repair put
   * back, for the per-kind repairs metric.
   */
  public void onRepairedObject(BiConsumer<String, String> listener) {
    repairedObjects.add(listener);
  }

  /** Records {@code evaluation}, notifying listeners when it differs from the previous one. */
  public void record(NamespaceEvaluation evaluation) {
    if (evaluation.uid() != null && gone.containsKey(evaluation.uid())) {
      return;
    }
    recorded.forEach(l -> l.accept(evaluation));
    NamespaceEvaluation previous = evaluations.put(evaluation.namespace(), evaluation);
    stored.forEach(l -> l.accept(evaluation));
    if (!Objects.equals(previous, evaluation)) {
      notifyBaselines(evaluation, previous);
    }
  }

  /**
   * Forgets a deleted or terminating namespace, if the evaluation held is about the namespace with
   * {@code uid} (null matches any), and notifies the baselines that counted it.
   */
  public void forget(String namespace, String uid) {
    if (uid != null) {
      Instant now = clock.instant();
      gone.values().removeIf(at -> at.isBefore(now.minus(goneFor)));
      gone.put(uid, now);
    }
    NamespaceEvaluation previous = evaluations.get(namespace);
    if (previous != null
        && (uid == null || uid.equals(previous.uid()))
        && evaluations.remove(namespace, previous)) {
      notifyBaselines(NamespaceEvaluation.ungoverned(namespace, uid), previous);
    }
  }

  /**
   * The evaluation of {@code namespace} from this process, or null if it was not reconciled yet.
   */
  public NamespaceEvaluation previous(String namespace) {
    return evaluations.get(namespace);
  }

  /** Every evaluation held, for viewers such as the demo. */
  public Collection<NamespaceEvaluation> evaluations() {
    return evaluations.values();
  }

  /**
   * Counts one drift repair attributed to the baseline with {@code uid} and {@code name}; {@code
   * kinds} holds the kind of each object it put back (Namespace for its labels, NetworkPolicy,
   * ResourceQuota, LimitRange, ServiceAccount), possibly empty.
   */
  public void recordRepair(String uid, String name, Instant at, List<String> kinds) {
    drift.merge(uid, new DriftCount(1, at, false), DriftCount::plus);
    for (String kind : kinds) {
      repairedObjects.forEach(l -> l.accept(name, kind));
    }
    listeners.forEach(l -> l.accept(Set.of(name)));
  }

  /**
   * Adds what the previous process counted (read from the baseline's status) to this process's
   * count, once per baseline uid; later calls do nothing.
   */
  public void seedDrift(String uid, DriftStatus persisted) {
    Instant last =
        persisted == null || persisted.lastRepairTime() == null
            ? null
            : Instant.parse(persisted.lastRepairTime());
    long repairs = persisted == null ? 0 : persisted.repairs();
    drift.compute(
        uid,
        (key, current) -> {
          if (current != null && current.seeded()) {
            return current;
          }
          DriftCount seed = new DriftCount(repairs, last, true);
          return current == null ? seed : seed.plus(current);
        });
  }

  /** Repairs attributed to the baseline with {@code uid}, seeded counts included. */
  public DriftCount drift(String uid) {
    return drift.getOrDefault(uid, DriftCount.NONE);
  }

  /** Drops the drift counts of baselines whose uid is not in {@code live}. */
  public void retainBaselines(Set<String> live) {
    drift.keySet().retainAll(live);
  }

  private void notifyBaselines(NamespaceEvaluation current, NamespaceEvaluation previous) {
    Set<String> affected = new HashSet<>(current.selectedBy());
    if (previous != null) {
      affected.addAll(previous.selectedBy());
    }
    if (!affected.isEmpty()) {
      listeners.forEach(l -> l.accept(affected));
    }
  }

  /**
   * A number of repairs and the time of the last one (null when none).
   *
   * @param seeded whether the previous process's count has been added
   */
  public record DriftCount(long repairs, Instant last, boolean seeded) {

    static final DriftCount NONE = new DriftCount(0, null, false);

    DriftCount plus(DriftCount other) {
      Instant latest =
          last == null
              ? other.last
              : other.last == null || last.isAfter(other.last) ? last : other.last;
      return new DriftCount(repairs + other.repairs, latest, seeded || other.seeded);
    }
  }
}
