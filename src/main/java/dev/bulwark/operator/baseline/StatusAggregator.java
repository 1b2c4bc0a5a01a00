package dev.bulwark.operator.baseline;

import dev.bulwark.api.DriftStatus;
import dev.bulwark.api.EnforcementWarning;
import dev.bulwark.api.ExceptionStatus;
import dev.bulwark.api.NamespaceCounts;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineStatus;
import dev.bulwark.api.Violation;
import dev.bulwark.api.ViolationSummary;
import dev.bulwark.operator.ledger.ComplianceLedger;
import dev.bulwark.operator.ledger.NamespaceEvaluation;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.BaselineSelection;
import dev.bulwark.plan.SpecProblem;
import dev.bulwark.text.BoundedText;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Builds a baseline's bounded status from the reports of the namespaces that exist now.
 *
 * <p>Invariants it keeps: a namespace counts only while it exists and is not terminating, and only
 * through a report about that very namespace (same uid); no status at all is produced while a
 * namespace the baseline selects has no report yet (after a restart or a leader change the ledger
 * starts empty, so the previous status stays until every namespace is evaluated again); {@code
 * Ready=True} only when every selected namespace reports the baseline's current generation, else
 * {@code Ready=False} with reason {@value #PROGRESSING}; and none while some namespace already
 * applied a newer generation than the one this copy of the baseline names (its cache lags).
 *
 * <p>Status is never ahead of the namespaces: {@code status.observedGeneration} and the conditions'
 * {@code observedGeneration} move to the current generation N only once every selected namespace
 * applied N (and N is valid); until then they keep the last generation that was applied everywhere
 * (absent before the first). Only the Invalid condition always names the generation it validated.
 * An invalid spec applies nothing, so nothing is counted against it: {@code Compliant} turns
 * Unknown with reason {@value #INVALID_SPEC}, and the counts of the last valid generation are kept
 * and marked stale ({@code violations.stale}).
 */
final class StatusAggregator {

  static final int TOP_VIOLATIONS = 20;
  static final int NAMES_IN_MESSAGES = 10;

  /** Most warnings kept per namespace, and in all. */
  static final int WARNINGS_PER_NAMESPACE = 5;

  static final int WARNINGS_IN_ALL = 100;

  /** Ready reason while some selected namespace has not applied the current generation. */
  static final String PROGRESSING = "Progressing";

  /** Compliant reason while an owned object differs from Bulwark's version. */
  static final String OWNED_OBJECTS_DIFFER = "OwnedObjectsDiffer";

  /** Ready, Invalid and Compliant reason while the spec is invalid. */
  static final String INVALID_SPEC = "InvalidSpec";

  private static final Comparator<Violation> ORDER =
      Comparator.comparing(Violation::namespace)
          .thenComparing(Violation::kind)
          .thenComparing(Violation::name)
          .thenComparing(Violation::check)
          .thenComparing(Violation::message);

  private final ComplianceLedger ledger;
  private final BaselineSelection selection;

  StatusAggregator(ComplianceLedger ledger, BaselineSelection selection) {
    this.ledger = ledger;
    this.selection = selection;
  }

  /**
   * The status {@code baseline} should have now, or empty while some namespace it selects among
   * {@code live} has not been evaluated by this process yet; {@code conditions} receives the
   * conditions. {@code clusterViolations} are findings no namespace owns (dangerous
   * ClusterRoleBindings to users and groups), counted with the namespaces' violations.
   */
  Optional<SecurityBaselineStatus> aggregate(
      SecurityBaseline baseline,
      List<SpecProblem> problems,
      Conditions conditions,
      Collection<Namespace> live,
      List<Violation> clusterViolations,
      Instant now) {
    String name = baseline.getMetadata().getName();
    long generation = generation(baseline);
    List<NamespaceEvaluation> governed = new ArrayList<>();
    List<String> conflicting = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (Namespace namespace : live) {
      String ns = namespace.getMetadata().getName();
      boolean selects = baseline.getSpec() != null && selection.selects(baseline, namespace);
      NamespaceEvaluation report = ledger.previous(ns);
      if (report == null || !report.uid().equals(namespace.getMetadata().getUid())) {
        if (selects) {
          return Optional.empty();
        }
        continue;
      }
      boolean listed = report.selectedBy().contains(name);
      if (selects != listed) {
        pending.add(ns);
      }
      if (name.equals(report.governor())) {
        if (report.governorGeneration() > generation) {
          // This reconcile's copy of the baseline lags behind the one the namespace reconciler
          // applied (separate caches): counting that evaluation against this spec would mix
          // generations; the newer generation's own event brings the baseline back.
          return Optional.empty();
        }
        governed.add(report);
        if (report.governorGeneration() != generation) {
          pending.add(ns);
        }
      } else if (listed) {
        conflicting.add(ns + " (governed by " + report.governor() + ")");
      }
    }
    conflicting.sort(null);
    pending = pending.stream().distinct().sorted().toList();
    SecurityBaselineStatus previous = baseline.getStatus();
    boolean valid = problems.isEmpty();
    // The generation every selected namespace applied: the current one once all did, else the
    // last one the status named (absent before the first).
    Long observed =
        valid && pending.isEmpty()
            ? Long.valueOf(generation)
            : previous == null ? null : previous.observedGeneration;
    conditions.observedGeneration(observed);

    List<Violation> violations = new ArrayList<>();
    int compliant = 0;
    List<String> unsettled = new ArrayList<>();
    List<String> contested = new ArrayList<>();
    List<String> differing = new ArrayList<>();
    for (NamespaceEvaluation report : governed) {
      report.contested().forEach(c -> contested.add(c.toString()));
      differing.addAll(report.differing());
      violations.addAll(report.violations());
      // A namespace with a workload not scanned for vulnerabilities is not known to comply.
      if (report.violations().isEmpty()
          && report.differing().isEmpty()
          && (report.vulnerabilities() == null || report.vulnerabilities().notScanned() == 0)) {
        compliant++;
      }
      if (notInSync(report)) {
        unsettled.add(
            report.problem() == null
                ? report.namespace()
                : report.namespace() + " (" + report.problem() + ")");
      }
    }
    unsettled.sort(null);
    differing.sort(null);
    violations.addAll(clusterViolations);
    violations.sort(ORDER);
    Map<String, Integer> byCheck =
        violations.stream()
            .collect(
                Collectors.groupingBy(
                    Violation::check, TreeMap::new, Collectors.summingInt(v -> 1)));

    contested.sort(null);
    if (contested.isEmpty()) {
      conditions.set(
          ConditionTypes.DEGRADED, false, "NoConflictingWriters", "no other writer fights Bulwark");
    } else {
      conditions.set(
          ConditionTypes.DEGRADED,
          true,
          "FieldManagerConflict",
          "changed back by another writer, repaired with backoff: " + names(contested));
    }

    SecurityBaselineStatus status = new SecurityBaselineStatus();
    status.observedGeneration = observed;
    if (valid) {
      setConditions(
          conditions,
          generation,
          governed.size(),
          compliant,
          violations.size(),
          clusterViolations.size(),
          pending,
          unsettled,
          conflicting,
          differing);
      TenantPoliciesCondition.set(conditions, baseline, governed);
      status.namespaces = new NamespaceCounts(governed.size(), compliant, conflicting.size());
      status.violations =
          new ViolationSummary(
              violations.size(),
              byCheck,
              List.copyOf(violations.subList(0, Math.min(TOP_VIOLATIONS, violations.size()))));
    } else {
      // Nothing of this generation is applied, so nothing was counted against it: the counts of
      // the last valid generation stay, marked stale, and compliance is unknown.
      ViolationSummary kept =
          previous == null || previous.violations == null
              ? new ViolationSummary()
              : previous.violations;
      status.violations = kept.asStale();
      status.namespaces =
          previous == null || previous.namespaces == null
              ? new NamespaceCounts()
              : previous.namespaces;
      setInvalid(conditions, problems, generation, observed, conflicting);
    }
    ActiveExceptions exceptions =
        ActiveExceptions.at(baseline.getSpec() == null ? null : baseline.getSpec().exceptions, now);
    status.exceptions =
        new ExceptionStatus(exceptions.describeActive(), exceptions.describeExpired());
    ComplianceLedger.DriftCount drift = ledger.drift(baseline.getMetadata().getUid());
    status.drift =
        new DriftStatus(drift.repairs(), drift.last() == null ? null : drift.last().toString());
    status.enforcementWarnings = warnings(governed, previous);
    status.conditions = conditions.build();
    return Optional.of(status);
  }

  /**
   * Whether a namespace keeps the baseline from being Ready: a problem (a write refused, a release
   * not finished), an owned object that still differs (its repair waits for its backoff), or owned
   * state rewritten twice or more in a row (the cluster does not keep it). One pass whose writes
   * all went through leaves the objects as planned, so a single repair does not make Ready flip to
   * False and back at the settle check: a repair changes no condition of the status.
   */
  static boolean notInSync(NamespaceEvaluation report) {
    return report.problem() != null
        || !report.differing().isEmpty()
        || (!report.inSync() && report.unsettledStreak() >= 2);
  }

  /**
   * The namespaces among {@code live} that {@code baseline} selects and this process has not
   * evaluated (no evaluation about that uid), name → uid: those {@link #aggregate} waits for.
   */
  Map<String, String> unevaluated(SecurityBaseline baseline, Collection<Namespace> live) {
    Map<String, String> missing = new TreeMap<>();
    if (baseline.getSpec() == null) {
      return missing;
    }
    for (Namespace namespace : live) {
      String ns = namespace.getMetadata().getName();
      String uid = namespace.getMetadata().getUid();
      NamespaceEvaluation report = ledger.previous(ns);
      if ((report == null || !report.uid().equals(uid))
          && uid != null
          && selection.selects(baseline, namespace)) {
        missing.put(ns, uid);
      }
    }
    return missing;
  }

  /**
   * Each governed namespace's warnings from its last tightening; where this process does not know
   * them (it started later), the ones the previous status listed for that namespace.
   */
  static List<EnforcementWarning> warnings(
      List<NamespaceEvaluation> governed, SecurityBaselineStatus previous) {
    Map<String, List<EnforcementWarning>> before =
        previous == null || previous.enforcementWarnings == null
            ? Map.of()
            : previous.enforcementWarnings.stream()
                .collect(Collectors.groupingBy(EnforcementWarning::namespace));
    List<EnforcementWarning> all = new ArrayList<>();
    governed.stream()
        .sorted(Comparator.comparing(NamespaceEvaluation::namespace))
        .forEach(
            report -> {
              List<EnforcementWarning> mine =
                  report.enforcementWarnings() == null
                      ? before.getOrDefault(report.namespace(), List.of())
                      : report.enforcementWarnings().stream()
                          .map(w -> new EnforcementWarning(report.namespace(), w))
                          .toList();
              all.addAll(mine.subList(0, Math.min(WARNINGS_PER_NAMESPACE, mine.size())));
            });
    return List.copyOf(all.subList(0, Math.min(WARNINGS_IN_ALL, all.size())));
  }

  private static void setConditions(
      Conditions conditions,
      long generation,
      int matched,
      int compliant,
      int violations,
      int clusterViolations,
      List<String> pending,
      List<String> unsettled,
      List<String> conflicting,
      List<String> differing) {
    if (!pending.isEmpty()) {
      conditions.set(
          ConditionTypes.READY,
          false,
          PROGRESSING,
          "generation "
              + generation
              + " not yet applied in "
              + pending.size()
              + " namespace(s): "
              + names(pending));
    } else if (!unsettled.isEmpty()) {
      conditions.set(
          ConditionTypes.READY,
          false,
          "NamespacesNotInSync",
          // Each entry carries the API server's reason, which must survive the cut: entries may
          // use the whole message bound (the condition's message is cut to it as a whole).
          "owned objects not yet in sync in "
              + BoundedText.join(unsettled, NAMES_IN_MESSAGES, BoundedText.MESSAGE));
    } else {
      conditions.set(
          ConditionTypes.READY,
          true,
          "Reconciled",
          matched + " namespace(s) governed, owned objects in sync");
    }
    conditions.setAt(generation, ConditionTypes.INVALID, false, "Valid", "spec passed validation");
    if (!differing.isEmpty()) {
      // Honest under tampering: while another writer's version is in place, not compliant.
      conditions.set(
          ConditionTypes.COMPLIANT,
          false,
          OWNED_OBJECTS_DIFFER,
          "owned objects differ from Bulwark's version (repair waits or was refused): "
              + names(differing)
              + (violations == 0 ? "" : "; " + violations + " violation(s)"));
    } else if (violations == 0) {
      conditions.set(
          ConditionTypes.COMPLIANT,
          true,
          matched == 0 ? "NoNamespaces" : "NoViolations",
          matched == 0
              ? "no namespace is governed"
              : "no violations in " + matched + " namespace(s)");
    } else {
      conditions.set(
          ConditionTypes.COMPLIANT,
          false,
          "ViolationsFound",
          violations
              + " violation(s) in "
              + (matched - compliant)
              + " of "
              + matched
              + " namespace(s)"
              + (clusterViolations == 0
                  ? ""
                  : ", " + clusterViolations + " cluster-wide (no namespace owns them)"));
    }
    conflict(conditions, conflicting);
  }

  /**
   * The conditions of an invalid spec: Ready False and Invalid True (both about the generation
   * validated), Compliant Unknown, since nothing of that generation is applied or counted.
   */
  private static void setInvalid(
      Conditions conditions,
      List<SpecProblem> problems,
      long generation,
      Long observed,
      List<String> conflicting) {
    String message = problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
    conditions
        .setAt(
            generation,
            ConditionTypes.READY,
            false,
            INVALID_SPEC,
            "spec of generation " + generation + " rejected, nothing applied: " + message)
        .setAt(generation, ConditionTypes.INVALID, true, INVALID_SPEC, message)
        .unknown(
            ConditionTypes.COMPLIANT,
            INVALID_SPEC,
            "spec of generation "
                + generation
                + " is invalid, so compliance is unknown; the counts are "
                + (observed == null ? "empty" : "those of generation " + observed)
                + ", kept and marked stale");
    conflict(conditions, conflicting);
  }

  private static void conflict(Conditions conditions, List<String> conflicting) {
    if (conflicting.isEmpty()) {
      conditions.set(
          ConditionTypes.CONFLICT, false, "NoConflict", "no other baseline takes precedence");
    } else {
      conditions.set(
          ConditionTypes.CONFLICT,
          true,
          "LowerPriority",
          "selected namespaces governed by another baseline: " + names(conflicting));
    }
  }

  static long generation(SecurityBaseline baseline) {
    Long generation = baseline.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  /** The first {@value #NAMES_IN_MESSAGES} entries, each cut to a bound, and how many more. */
  static String names(List<String> names) {
    return BoundedText.join(names, NAMES_IN_MESSAGES);
  }
}
