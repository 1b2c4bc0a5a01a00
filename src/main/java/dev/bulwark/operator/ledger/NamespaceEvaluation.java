package dev.bulwark.operator.ledger;

import dev.bulwark.admission.PreviewedRefusal;
import dev.bulwark.api.EnforcementWarning;
import dev.bulwark.api.Violation;
import dev.bulwark.text.BoundedText;
import java.util.List;
import java.util.Set;

/**
 * What the last reconcile of one namespace found: who governs it, who else selects it, its
 * violations and whether Bulwark's owned state there is in sync. Built with {@link #of}.
 *
 * <p>The strings that repeat what the API server or other writers said (the problem, the warnings)
 * are cut to a bound ({@link BoundedText}; violations and contested objects cut their own) and at
 * most {@value #MAX_WARNINGS} warnings are kept, so the ledger holds bounded messages whatever the
 * input.
 *
 * @param namespace the namespace
 * @param uid the namespace's metadata.uid, so an evaluation never outlives the namespace it
 *     describes (a namespace deleted and created again under the same name has a new uid)
 * @param governor the governing baseline, or null
 * @param governorGeneration the governing baseline's metadata.generation this evaluation applied
 * @param selectedBy every baseline that selects the namespace, governor included
 * @param violations all violations found, in a stable order
 * @param inSync whether the reconcile found owned state matching the plan, with nothing to write
 *     (always true in Audit mode); a later write then counts as a drift repair
 * @param unsettledStreak how many reconciles in a row had to write (0 when settled)
 * @param problem why the namespace could not be brought in line, or null
 * @param enforcementWarnings the API server's warnings from the governor's last tightening of this
 *     namespace's Pod Security enforcement; null when unknown to this process (it started after the
 *     tightening), in which case the baseline's status keeps what it said before
 * @param contested owned objects another writer keeps changing back
 * @param admissionRefusals the objects whose pods the governor's generated admission policies
 *     refuse now or once their exceptions expire, from this evaluation's audit; null when the
 *     namespace was not audited (ungoverned, invalid baseline, a failed reconcile), so no preview
 *     is complete
 * @param differing owned objects that still differ from Bulwark's version after the reconcile (a
 *     repair waits for its backoff, or the API server refused it), each as {@code Kind ns/name}
 * @param vulnerabilities what the check imageVulnerabilities found; null when it is off
 */
public record NamespaceEvaluation(
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
    List<ContestedObject> contested,
    List<PreviewedRefusal> admissionRefusals,
    List<String> differing,
    VulnerabilityEvaluation vulnerabilities) {

  /** Most enforcement warnings kept per namespace. */
  public static final int MAX_WARNINGS = 20;

  public NamespaceEvaluation {
    problem = BoundedText.message(problem);
    if (enforcementWarnings != null) {
      enforcementWarnings =
          enforcementWarnings.stream()
              .limit(MAX_WARNINGS)
              .map(w -> BoundedText.cut(w, EnforcementWarning.MESSAGE_BYTES))
              .toList();
    }
  }

  /** A namespace no baseline selects. */
  public static NamespaceEvaluation ungoverned(String namespace, String uid) {
    return of(namespace, uid).build();
  }

  /** A builder for the evaluation of {@code namespace} with {@code uid}: ungoverned and in sync. */
  public static Builder of(String namespace, String uid) {
    return new Builder(namespace, uid);
  }

  /** Whether this evaluation saw the namespace settled under the same baseline spec. */
  public boolean settledUnder(String baseline, long generation) {
    return inSync
        && problem == null
        && baseline.equals(governor)
        && governorGeneration == generation;
  }

  /** Builds a {@link NamespaceEvaluation}; unset parts are empty, in sync and without problem. */
  public static final class Builder {
    private final String namespace;
    private final String uid;
    private String governor;
    private long generation;
    private Set<String> selectedBy = Set.of();
    private List<Violation> violations = List.of();
    private boolean inSync = true;
    private int unsettledStreak;
    private String problem;
    private List<String> warnings = List.of();
    private List<ContestedObject> contested = List.of();
    private List<PreviewedRefusal> admissionRefusals;
    private List<String> differing = List.of();
    private VulnerabilityEvaluation vulnerabilities;

    private Builder(String namespace, String uid) {
      this.namespace = namespace;
      this.uid = uid;
    }

    /** Governed by {@code governor} at {@code generation}, selected by {@code selectedBy}. */
    public Builder governedBy(String governor, long generation, Set<String> selectedBy) {
      this.governor = governor;
      this.generation = generation;
      this.selectedBy = Set.copyOf(selectedBy);
      return this;
    }

    public Builder violations(List<Violation> violations) {
      this.violations = List.copyOf(violations);
      return this;
    }

    /** Owned state not in line: written this time, the {@code streak}-th time in a row. */
    public Builder unsettled(int streak) {
      this.inSync = false;
      this.unsettledStreak = streak;
      return this;
    }

    /** Why the namespace could not be brought in line (null: none); also marks it unsettled. */
    public Builder problem(String problem) {
      this.problem = problem;
      if (problem != null) {
        this.inSync = false;
      }
      return this;
    }

    /** The tightening warnings; null when unknown to this process. */
    public Builder enforcementWarnings(List<String> warnings) {
      this.warnings = warnings == null ? null : List.copyOf(warnings);
      return this;
    }

    public Builder contested(List<ContestedObject> contested) {
      this.contested = List.copyOf(contested);
      return this;
    }

    /** The audit's admission preview (see {@link NamespaceEvaluation#admissionRefusals()}). */
    public Builder admissionRefusals(List<PreviewedRefusal> refusals) {
      this.admissionRefusals = refusals == null ? null : List.copyOf(refusals);
      return this;
    }

    /** Owned objects still differing from Bulwark's version, as {@code Kind ns/name}. */
    public Builder differing(List<String> differing) {
      this.differing = List.copyOf(differing);
      return this;
    }

    /** What the check imageVulnerabilities found; null (the default) when it is off. */
    public Builder vulnerabilities(VulnerabilityEvaluation vulnerabilities) {
      this.vulnerabilities = vulnerabilities;
      return this;
    }

    public NamespaceEvaluation build() {
      return new NamespaceEvaluation(
          namespace,
          uid,
          governor,
          generation,
          selectedBy,
          violations,
          inSync,
          unsettledStreak,
          problem,
          warnings,
          contested,
          admissionRefusals,
          differing,
          vulnerabilities);
    }
  }
}
