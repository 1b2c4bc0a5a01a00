package dev.bulwark.operator.ledger;

import dev.bulwark.api.EnforcementWarning;
import dev.bulwark.api.Violation;
import dev.bulwark.text.BoundedText;
import java.util.List;
import java.util.Set;

/**
 * What the last reconcile of one namespace found: who governs it, who else selects it, its
 * violations and whether Bulwark's owned state there is in sync.
 *
 * <p>The strings that repeat what the API server or other writers said (problem, warnings,
 * contested objects) are cut to a bound ({@link BoundedText}, violations cut their own) and at most
 * {@value #MAX_WARNINGS} warnings are kept, so the ledger holds bounded messages whatever the
 * input.
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

  /** Most enforcement warnings kept per namespace. */
  public static final int MAX_WARNINGS = 20;

  public NamespaceReport {
    problem = BoundedText.message(problem);
    if (enforcementWarnings != null) {
      enforcementWarnings =
          enforcementWarnings.stream()
              .limit(MAX_WARNINGS)
              .map(w -> BoundedText.cut(w, EnforcementWarning.MESSAGE_BYTES))
              .toList();
    }
    if (contested != null) {
      contested = contested.stream().map(BoundedText::message).toList();
    }
  }

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
