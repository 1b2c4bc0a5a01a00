package dev.bulwark.operator.ledger;

import dev.bulwark.api.Violation;
import java.util.List;
import java.util.Set;

/**
 * What the last reconcile of one namespace found: who governs it, who else selects it, its
 * violations and whether Bulwark's owned state there is in sync.
 *
 * @param namespace the namespace
 * @param uid the namespace's metadata.uid, so a report never outlives the namespace it describes (a
 *     namespace deleted and created again under the same name has a new uid)
 * @param governor the governing baseline, or null
 * @param governorGeneration the governing baseline's metadata.generation this report applied
 * @param selectedBy every baseline that selects the namespace, governor included
 * @param violations all violations found, in a stable order
 * @param inSync whether the reconcile found owned state matching the plan, with nothing to write
 *     (always true in Audit mode); a later write then counts as a drift repair
 * @param unsettledStreak how many reconciles in a row had to write (0 when settled)
 * @param problem why the namespace could not be brought in line, or null
 * @param enforcementWarnings the API server's warnings from the governor's last tightening of this
 *     namespace's Pod Security enforcement; null when unknown to this process (it started after the
 *     tightening), in which case the baseline's status keeps what it said before
 * @param contested owned objects another writer keeps changing back, each as "Kind namespace/name
 *     (field manager M)"; Bulwark repairs them with backoff
 */
public record NamespaceReport(
    String namespace,
    String uid,
    String governor,
    long governorGeneration,
    Set<String> selectedBy,
    List<Violation> violations,
    boolean inSync,
    int unsettledStreak,
    String problem,
    List<String> enforcementWarnings,
    List<String> contested) {

  /** A namespace no baseline selects. */
  public static NamespaceReport ungoverned(String namespace, String uid) {
    return new NamespaceReport(
        namespace, uid, null, 0, Set.of(), List.of(), true, 0, null, List.of(), List.of());
  }

  /** Whether the previous reconcile saw this namespace settled under the same baseline spec. */
  public boolean settledUnder(String baseline, long generation) {
    return inSync
        && problem == null
        && baseline.equals(governor)
        && governorGeneration == generation;
  }
}
