package dev.bulwark.operator.baseline;

import dev.bulwark.api.DriftStatus;
import dev.bulwark.api.ExceptionStatus;
import dev.bulwark.api.NamespaceCounts;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineStatus;
import dev.bulwark.api.Violation;
import dev.bulwark.api.ViolationSummary;
import dev.bulwark.operator.ledger.ComplianceLedger;
import dev.bulwark.operator.ledger.NamespaceReport;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.SpecProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Builds a baseline's bounded status from the namespaces' latest reports. */
final class StatusAggregator {

  static final int TOP_VIOLATIONS = 20;
  static final int NAMES_IN_MESSAGES = 10;

  private static final Comparator<Violation> ORDER =
      Comparator.comparing(Violation::namespace)
          .thenComparing(Violation::kind)
          .thenComparing(Violation::name)
          .thenComparing(Violation::check)
          .thenComparing(Violation::message);

  private final ComplianceLedger ledger;

  StatusAggregator(ComplianceLedger ledger) {
    this.ledger = ledger;
  }

  /** The status {@code baseline} should have now; {@code conditions} receives the conditions. */
  SecurityBaselineStatus aggregate(
      SecurityBaseline baseline, List<SpecProblem> problems, Conditions conditions, Instant now) {
    String name = baseline.getMetadata().getName();
    List<NamespaceReport> governed = new ArrayList<>();
    List<String> conflicting = new ArrayList<>();
    for (NamespaceReport report : ledger.reports()) {
      if (name.equals(report.governor())) {
        governed.add(report);
      } else if (report.selectedBy().contains(name)) {
        conflicting.add(report.namespace() + " (governed by " + report.governor() + ")");
      }
    }
    conflicting.sort(null);

    List<Violation> violations = new ArrayList<>();
    int compliant = 0;
    List<String> unsettled = new ArrayList<>();
    for (NamespaceReport report : governed) {
      violations.addAll(report.violations());
      if (report.violations().isEmpty()) {
        compliant++;
      }
      if (!report.inSync() || report.problem() != null) {
        unsettled.add(report.namespace());
      }
    }
    unsettled.sort(null);
    violations.sort(ORDER);
    Map<String, Integer> byCheck =
        violations.stream()
            .collect(
                Collectors.groupingBy(
                    Violation::check, TreeMap::new, Collectors.summingInt(v -> 1)));

    setConditions(
        conditions,
        problems,
        governed.size(),
        compliant,
        violations.size(),
        unsettled,
        conflicting);

    SecurityBaselineStatus status = new SecurityBaselineStatus();
    status.observedGeneration = baseline.getMetadata().getGeneration();
    status.conditions = conditions.build();
    status.namespaces = new NamespaceCounts(governed.size(), compliant, conflicting.size());
    status.violations =
        new ViolationSummary(
            violations.size(),
            byCheck,
            List.copyOf(violations.subList(0, Math.min(TOP_VIOLATIONS, violations.size()))));
    ActiveExceptions exceptions = ActiveExceptions.at(baseline.getSpec().exceptions, now);
    status.exceptions =
        new ExceptionStatus(exceptions.describeActive(), exceptions.describeExpired());
    ComplianceLedger.DriftCount drift = ledger.drift(name);
    status.drift =
        new DriftStatus(drift.repairs(), drift.last() == null ? null : drift.last().toString());
    status.enforcementWarnings = ledger.enforcementWarnings(name);
    return status;
  }

  private static void setConditions(
      Conditions conditions,
      List<SpecProblem> problems,
      int matched,
      int compliant,
      int violations,
      List<String> unsettled,
      List<String> conflicting) {
    if (!problems.isEmpty()) {
      String message =
          problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
      conditions
          .set(
              ConditionTypes.READY,
              false,
              "InvalidSpec",
              "spec rejected, nothing applied: " + message)
          .set(ConditionTypes.INVALID, true, "InvalidSpec", message);
    } else if (!unsettled.isEmpty()) {
      conditions
          .set(
              ConditionTypes.READY,
              false,
              "NamespacesNotInSync",
              "owned objects not yet in sync in " + names(unsettled))
          .set(ConditionTypes.INVALID, false, "Valid", "spec passed validation");
    } else {
      conditions
          .set(
              ConditionTypes.READY,
              true,
              "Reconciled",
              matched + " namespace(s) governed, owned objects in sync")
          .set(ConditionTypes.INVALID, false, "Valid", "spec passed validation");
    }
    if (violations == 0) {
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
              + " namespace(s)");
    }
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

  private static String names(List<String> names) {
    String shown = String.join(", ", names.subList(0, Math.min(NAMES_IN_MESSAGES, names.size())));
    return names.size() > NAMES_IN_MESSAGES
        ? shown + " and " + (names.size() - NAMES_IN_MESSAGES) + " more"
        : shown;
  }
}
