package dev.bulwark.operator.baseline;

import dev.bulwark.operator.ledger.ComplianceLedger;
import dev.bulwark.operator.ledger.NamespaceEvaluation;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The namespaces each baseline still waits for before it can have a status: those it selects that
 * this process has not evaluated yet (after a start or a leader change the ledger is empty, see
 * {@link StatusAggregator}). While a baseline waits, a change of some other namespace's evaluation
 * cannot change what its reconcile does (no status is written, the admission preview is
 * incomplete), so it does not reconcile the baseline; the evaluation of the last namespace waited
 * for does. Without this, every one of the first evaluations reconciled the baseline, each
 * reconcile a pass over every namespace: at 10,000 namespaces a core spent during the whole start
 * (issue 24). Events other than the ledger's (namespaces, baselines, RBAC, admission objects,
 * wake-ups) reconcile it as before, and each such reconcile computes the set again.
 *
 * <p>No evaluation is missed: a set is installed, then checked against the ledger (an evaluation
 * stored before the install is found there), and every evaluation stored afterwards is removed from
 * it as it is stored ({@link ComplianceLedger#onStored}).
 */
final class AwaitedEvaluations {

  /** Per baseline name, the namespaces (name → uid) waited for; absent when not waiting. */
  private final Map<String, Map<String, String>> waiting = new ConcurrentHashMap<>();

  private final ComplianceLedger ledger;
  private final Consumer<String> wake;

  /**
   * Waits on {@code ledger}'s evaluations and calls {@code wake} with a baseline's name when the
   * last namespace it waited for is evaluated.
   */
  AwaitedEvaluations(ComplianceLedger ledger, Consumer<String> wake) {
    this.ledger = ledger;
    this.wake = wake;
    ledger.onStored(this::stored);
  }

  /** Whether {@code baseline} waits for some namespace's first evaluation. */
  boolean waits(String baseline) {
    return waiting.containsKey(baseline);
  }

  /**
   * From now, {@code baseline} waits for {@code missing} (name → uid), the selected namespaces its
   * last reconcile found without an evaluation; empty: it waits for none.
   */
  void await(String baseline, Map<String, String> missing) {
    if (missing.isEmpty()) {
      waiting.remove(baseline);
      return;
    }
    Map<String, String> set = new ConcurrentHashMap<>(missing);
    waiting.put(baseline, set);
    // Evaluated since the reconcile read the ledger: not waited for.
    set.entrySet().removeIf(e -> evaluated(e.getKey(), e.getValue()));
    if (set.isEmpty() && waiting.remove(baseline, set)) {
      wake.accept(baseline);
    }
  }

  /** Waits for nothing any more (the baseline is gone or has its status). */
  void done(String baseline) {
    waiting.remove(baseline);
  }

  /** Drops the sets of baselines whose name is not in {@code live}. */
  void retain(Set<String> live) {
    waiting.keySet().retainAll(live);
  }

  private boolean evaluated(String namespace, String uid) {
    NamespaceEvaluation evaluation = ledger.previous(namespace);
    return evaluation != null && uid.equals(evaluation.uid());
  }

  private void stored(NamespaceEvaluation evaluation) {
    waiting.forEach(
        (baseline, set) -> {
          if (evaluation.uid() != null
              && set.remove(evaluation.namespace(), evaluation.uid())
              && set.isEmpty()
              && waiting.remove(baseline, set)) {
            wake.accept(baseline);
          }
        });
  }
}
