package dev.bulwark.operator.ledger;

import dev.bulwark.api.Violation;
import java.util.List;
import java.util.Set;

/**
 * What the last reconcile of one namespace found: who governs it, who else selects it, its
 * violations and whether Bulwark's owned state there is in sync.
 *
 * @param namespace the namespace
 * @param governor the governing baseline, or null
 * @param governorGeneration the governing baseline's metadata.generation when reconciled
 * @param selectedBy every baseline that selects the namespace, governor included
 * @param violations all violations found, in a stable order
 * @param inSync whether the reconcile found owned state matching the plan, with nothing to write
 *     (always true in Audit mode); a later write then counts as a drift repair
 * @param unsettledStreak how many reconciles in a row had to write (0 when settled)
 * @param problem why the namespace could not be brought in line, or null
 */
public record NamespaceReport(
    String namespace,
    String governor,
    long governorGeneration,
    Set<String> selectedBy,
    List<Violation> violations,
    boolean inSync,
    int unsettledStreak,
    String problem) {

  /** A namespace no baseline selects. */
  public static NamespaceReport ungoverned(String namespace) {
    return new NamespaceReport(namespace, null, 0, Set.of(), List.of(), true, 0, null);
  }

  /** Whether the previous reconcile saw this namespace settled under the same baseline spec. */
  public boolean settledUnder(String baseline, long generation) {
    return inSync
        && problem == null
        && baseline.equals(governor)
        && governorGeneration == generation;
  }
}
