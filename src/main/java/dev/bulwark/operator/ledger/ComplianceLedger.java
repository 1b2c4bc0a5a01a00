package dev.bulwark.operator.ledger;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest report of every namespace, shared by the namespace reconciler (which writes one
 * namespace at a time) and the baseline reconciler (which aggregates), so a change in one namespace
 * never costs a pass over all of them. Rebuilt from the informers after a restart.
 */
public final class ComplianceLedger {

  private final Map<String, NamespaceReport> reports = new ConcurrentHashMap<>();
  private final Map<String, DriftCount> drift = new ConcurrentHashMap<>();
  private final Map<String, List<String>> enforcementWarnings = new ConcurrentHashMap<>();
  private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();

  /** Calls {@code listener} with the names of the baselines whose aggregate may have changed. */
  public void onChange(Consumer<Set<String>> listener) {
    listeners.add(listener);
  }

  /** Records {@code report}, notifying listeners when it differs from the previous one. */
  public void record(NamespaceReport report) {
    NamespaceReport previous = reports.put(report.namespace(), report);
    if (!Objects.equals(previous, report)) {
      notifyBaselines(report, previous);
    }
  }

  /** Forgets a deleted namespace. */
  public void forget(String namespace) {
    NamespaceReport previous = reports.remove(namespace);
    if (previous != null) {
      notifyBaselines(NamespaceReport.ungoverned(namespace), previous);
    }
  }

  /** The previous report of {@code namespace}, if it was reconciled before. */
  public NamespaceReport previous(String namespace) {
    return reports.get(namespace);
  }

  /** Every known report, for aggregation. */
  public Collection<NamespaceReport> reports() {
    return reports.values();
  }

  /** Counts one drift repair attributed to {@code baseline}. */
  public void recordRepair(String baseline, Instant at) {
    drift.merge(baseline, new DriftCount(1, at), DriftCount::plus);
    listeners.forEach(l -> l.accept(Set.of(baseline)));
  }

  /** Repairs attributed to {@code baseline} since the operator started. */
  public DriftCount drift(String baseline) {
    return drift.getOrDefault(baseline, DriftCount.NONE);
  }

  /** Keeps the API server's warnings from the last time {@code baseline} tightened enforcement. */
  public void recordEnforcementWarnings(String baseline, List<String> warnings) {
    enforcementWarnings.put(baseline, List.copyOf(warnings));
    listeners.forEach(l -> l.accept(Set.of(baseline)));
  }

  /** Warnings from the last tightening by {@code baseline}; empty when none. */
  public List<String> enforcementWarnings(String baseline) {
    return enforcementWarnings.getOrDefault(baseline, List.of());
  }

  private void notifyBaselines(NamespaceReport current, NamespaceReport previous) {
    Set<String> affected = new HashSet<>(current.selectedBy());
    if (previous != null) {
      affected.addAll(previous.selectedBy());
    }
    if (!affected.isEmpty()) {
      listeners.forEach(l -> l.accept(affected));
    }
  }

  /** A number of repairs and the time of the last one. */
  public record DriftCount(long repairs, Instant last) {

    static final DriftCount NONE = new DriftCount(0, null);

    DriftCount plus(DriftCount other) {
      return new DriftCount(repairs + other.repairs, last.isAfter(other.last) ? last : other.last);
    }
  }
}
