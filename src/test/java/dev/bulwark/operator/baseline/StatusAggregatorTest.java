package dev.bulwark.operator.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.DriftStatus;
import dev.bulwark.api.EnforcementWarning;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineSpec;
import dev.bulwark.api.SecurityBaselineStatus;
import dev.bulwark.api.Violation;
import dev.bulwark.operator.ledger.ComplianceLedger;
import dev.bulwark.operator.ledger.NamespaceEvaluation;
import dev.bulwark.plan.BaselineSelection;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  private final ComplianceLedger ledger =
      new ComplianceLedger(Duration.ofMinutes(5), Clock.systemUTC());
  private final StatusAggregator aggregator =
      new StatusAggregator(ledger, new BaselineSelection("bulwark-system"));

  @Test
  void noStatusUntilEverySelectedNamespaceHasAReport() {
    SecurityBaseline sb = baseline(1);
    ledger.record(report("a", "uid-a", 1, List.of()));

    assertThat(aggregate(sb, List.of(ns("a", "uid-a"), ns("b", "uid-b")))).isEmpty();

    ledger.record(report("b", "uid-b", 1, List.of()));
    assertThat(aggregate(sb, List.of(ns("a", "uid-a"), ns("b", "uid-b")))).isPresent();
  }

  @Test
  void aReportAboutAnEarlierNamespaceOfTheSameNameDoesNotCount() {
    SecurityBaseline sb = baseline(1);
    ledger.record(report("a", "old-uid", 1, List.of()));

    assertThat(aggregate(sb, List.of(ns("a", "new-uid")))).isEmpty();
  }

  @Test
  void aNamespaceThatIsGoneIsNotCountedAndIsForgotten() {
    SecurityBaseline sb = baseline(1);
    ledger.record(report("a", "uid-a", 1, List.of(violation("a"))));
    ledger.record(report("b", "uid-b", 1, List.of()));

    SecurityBaselineStatus status = aggregate(sb, List.of(ns("b", "uid-b"))).orElseThrow();
    assertThat(status.namespaces.matched()).isEqualTo(1);
    assertThat(status.violations.total()).isZero();

    ledger.forget("a", "uid-a");
    assertThat(ledger.previous("a")).isNull();
  }

  @Test
  void readyOnlyWhenEveryNamespaceAppliedTheCurrentGeneration() {
    SecurityBaseline sb = baseline(2);
    sb.setStatus(new SecurityBaselineStatus());
    sb.getStatus().observedGeneration = 1L;
    ledger.record(report("a", "uid-a", 2, List.of()));
    ledger.record(report("b", "uid-b", 1, List.of()));

    SecurityBaselineStatus status =
        aggregate(sb, List.of(ns("a", "uid-a"), ns("b", "uid-b"))).orElseThrow();
    Condition ready = ready(status);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(StatusAggregator.PROGRESSING);
    assertThat(ready.getMessage()).contains("generation 2").contains("b");

    ledger.record(report("b", "uid-b", 2, List.of()));
    SecurityBaselineStatus applied =
        aggregate(sb, List.of(ns("a", "uid-a"), ns("b", "uid-b"))).orElseThrow();
    assertThat(ready(applied)).extracting(Condition::getStatus).isEqualTo("True");
    assertThat(applied.observedGeneration).isEqualTo(2L);
    assertThat(applied.conditions).allMatch(c -> c.getObservedGeneration() == 2L);
  }

  /**
   * Issue 26, item 2: while one selected namespace still applies generation 1, status and its
   * conditions keep naming generation 1, the last applied everywhere; Invalid alone names 2.
   */
  @Test
  void statusIsNeverAheadOfTheNamespaces() {
    SecurityBaseline sb = baseline(2);
    sb.setStatus(new SecurityBaselineStatus());
    sb.getStatus().observedGeneration = 1L;
    ledger.record(report("a", "uid-a", 2, List.of()));
    ledger.record(report("b", "uid-b", 1, List.of()));

    SecurityBaselineStatus status =
        aggregate(sb, List.of(ns("a", "uid-a"), ns("b", "uid-b"))).orElseThrow();

    assertThat(status.observedGeneration).isEqualTo(1L);
    assertThat(status.conditions)
        .filteredOn(c -> !ConditionTypes.INVALID.equals(c.getType()))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).as(c.getType()).isEqualTo(1L));
    assertThat(condition(status, ConditionTypes.INVALID).getObservedGeneration()).isEqualTo(2L);
  }

  /**
   * The namespace reconciler's cache can be ahead of this one's: an evaluation of generation 2
   * (perhaps an invalid one, which counts nothing) never makes the status of generation 1.
   */
  @Test
  void noStatusWhileANamespaceAppliedANewerGenerationThanThisCopyNames() {
    SecurityBaseline sb = baseline(1);
    ledger.record(report("a", "uid-a", 2, List.of()));

    assertThat(aggregate(sb, List.of(ns("a", "uid-a")))).isEmpty();
  }

  @Test
  void aNewBaselineNamesNoGenerationUntilEveryNamespaceAppliedOne() {
    SecurityBaseline sb = baseline(1);
    ledger.record(NamespaceEvaluation.ungoverned("a", "uid-a"));

    SecurityBaselineStatus status = aggregate(sb, List.of(ns("a", "uid-a"))).orElseThrow();

    assertThat(status.observedGeneration).isNull();
    assertThat(condition(status, ConditionTypes.COMPLIANT).getObservedGeneration()).isNull();
  }

  /**
   * Issue 26, item 1: an invalid spec applies nothing, so it counts nothing: Compliant turns
   * Unknown (InvalidSpec) and the last valid generation's counts stay, marked stale.
   */
  @Test
  void anInvalidSpecKeepsThePreviousCountsMarkedStaleAndComplianceUnknown() {
    SecurityBaseline sb = baseline(3);
    SecurityBaselineStatus before = new SecurityBaselineStatus();
    before.observedGeneration = 2L;
    before.namespaces = new dev.bulwark.api.NamespaceCounts(1, 0, 0);
    before.violations =
        new dev.bulwark.api.ViolationSummary(
            1, java.util.Map.of("privileged", 1), List.of(violation("a")));
    sb.setStatus(before);
    // What the namespace reconciler records under an invalid governor: no violations.
    ledger.record(
        NamespaceEvaluation.of("a", "uid-a")
            .governedBy("sb", 3, Set.of("sb"))
            .problem("baseline is invalid")
            .build());

    SecurityBaselineStatus status =
        aggregate(
                sb,
                List.of(ns("a", "uid-a")),
                List.of(
                    new dev.bulwark.plan.SpecProblem(
                        "spec.exceptions[0].expires", "\"2027-01-31\" is not an RFC 3339 time")))
            .orElseThrow();

    Condition compliant = condition(status, ConditionTypes.COMPLIANT);
    assertThat(compliant.getStatus()).isEqualTo("Unknown");
    assertThat(compliant.getReason()).isEqualTo(StatusAggregator.INVALID_SPEC);
    assertThat(status.violations.total()).isEqualTo(1);
    assertThat(status.violations.byCheck()).containsEntry("privileged", 1);
    assertThat(status.violations.stale()).isTrue();
    assertThat(status.namespaces.matched()).isEqualTo(1);
    assertThat(status.observedGeneration).isEqualTo(2L);
    assertThat(condition(status, ConditionTypes.INVALID).getStatus()).isEqualTo("True");
    assertThat(condition(status, ConditionTypes.INVALID).getObservedGeneration()).isEqualTo(3L);
    assertThat(ready(status).getReason()).isEqualTo(StatusAggregator.INVALID_SPEC);
  }

  @Test
  void aSelectedNamespaceWhoseReportDoesNotListTheBaselineYetIsProgressing() {
    SecurityBaseline sb = baseline(1);
    ledger.record(NamespaceEvaluation.ungoverned("a", "uid-a"));

    assertThat(ready(aggregate(sb, List.of(ns("a", "uid-a"))).orElseThrow()).getReason())
        .isEqualTo(StatusAggregator.PROGRESSING);
  }

  @Test
  void warningsAreKeptPerNamespaceAndCarriedOverWhereUnknown() {
    SecurityBaseline sb = baseline(1);
    sb.setStatus(new SecurityBaselineStatus());
    sb.getStatus().enforcementWarnings =
        List.of(new EnforcementWarning("b", "pod old in b"), new EnforcementWarning("c", "gone"));
    ledger.record(withWarnings(report("a", "uid-a", 1, List.of()), List.of("pod x in a")));
    ledger.record(withWarnings(report("b", "uid-b", 1, List.of()), null));

    SecurityBaselineStatus status =
        aggregate(sb, List.of(ns("a", "uid-a"), ns("b", "uid-b"))).orElseThrow();

    assertThat(status.enforcementWarnings)
        .containsExactly(
            new EnforcementWarning("a", "pod x in a"), new EnforcementWarning("b", "pod old in b"));
  }

  @Test
  void driftCountsAreSeededOnceFromTheStatusAndAddedTo() {
    ledger.recordRepair("uid", "sb", Instant.parse("2026-11-29T13:00:00Z"), List.of());
    ledger.seedDrift("uid", new DriftStatus(4, "2026-11-29T11:00:00Z"));
    ledger.seedDrift("uid", new DriftStatus(4, "2026-11-29T11:00:00Z"));

    assertThat(ledger.drift("uid").repairs()).isEqualTo(5);
    assertThat(ledger.drift("uid").last()).isEqualTo(Instant.parse("2026-11-29T13:00:00Z"));
  }

  @Test
  void aBaselineWithoutSpecSelectsNothingAndDoesNotThrow() {
    SecurityBaseline sb = baseline(1);
    sb.setSpec(null);
    ledger.record(NamespaceEvaluation.ungoverned("a", "uid-a"));

    SecurityBaselineStatus status =
        aggregate(
                sb,
                List.of(ns("a", "uid-a")),
                List.of(new dev.bulwark.plan.SpecProblem("spec", "is required")))
            .orElseThrow();
    assertThat(ready(status).getReason()).isEqualTo("InvalidSpec");
  }

  @Test
  void notCompliantWhileAnOwnedObjectDiffersNamingIt() {
    SecurityBaseline sb = baseline(1);
    NamespaceEvaluation tampered = report("a", "uid-a", 1, List.of());
    ledger.record(
        new NamespaceEvaluation(
            "a",
            "uid-a",
            "sb",
            1,
            Set.of("sb"),
            List.of(violation("a")),
            false,
            1,
            null,
            List.of(),
            List.of(),
            null,
            List.of("NetworkPolicy a/bulwark-default-deny"),
            null));
    ledger.record(report("b", "uid-b", 1, List.of()));

    SecurityBaselineStatus status =
        aggregate(sb, List.of(ns("a", "uid-a"), ns("b", "uid-b"))).orElseThrow();
    Condition compliant = condition(status, ConditionTypes.COMPLIANT);
    assertThat(compliant.getStatus()).isEqualTo("False");
    assertThat(compliant.getReason()).isEqualTo("OwnedObjectsDiffer");
    assertThat(compliant.getMessage())
        .isEqualTo(
            "owned objects differ from Bulwark's version (repair waits or was refused):"
                + " NetworkPolicy a/bulwark-default-deny; 1 violation(s)");
    assertThat(status.namespaces.compliant()).isEqualTo(1);

    ledger.record(tampered);
    status = aggregate(sb, List.of(ns("a", "uid-a"), ns("b", "uid-b"))).orElseThrow();
    assertThat(condition(status, ConditionTypes.COMPLIANT).getStatus()).isEqualTo("True");
  }

  @Test
  void aRepairThatWentThroughChangesNoConditionButARewriteAtTheSettleCheckDoes() {
    SecurityBaseline sb = baseline(1);
    ledger.record(report("a", "uid-a", 1, List.of()));
    SecurityBaselineStatus settled = aggregate(sb, List.of(ns("a", "uid-a"))).orElseThrow();
    assertThat(ready(settled).getStatus()).isEqualTo("True");

    // The pass that repaired: every write went through (streak 1, nothing differs).
    ledger.record(unsettled(report("a", "uid-a", 1, List.of()), 1));
    SecurityBaselineStatus repaired = aggregate(sb, List.of(ns("a", "uid-a"))).orElseThrow();
    assertThat(repaired.conditions).isEqualTo(settled.conditions);

    // The settle check had to write again: the cluster does not keep Bulwark's state.
    ledger.record(unsettled(report("a", "uid-a", 1, List.of()), 2));
    Condition ready = ready(aggregate(sb, List.of(ns("a", "uid-a"))).orElseThrow());
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("NamespacesNotInSync");
  }

  private static NamespaceEvaluation unsettled(NamespaceEvaluation r, int streak) {
    return new NamespaceEvaluation(
        r.namespace(),
        r.uid(),
        r.governor(),
        r.governorGeneration(),
        r.selectedBy(),
        r.violations(),
        false,
        streak,
        r.problem(),
        r.enforcementWarnings(),
        r.contested(),
        r.admissionRefusals(),
        r.differing(),
        r.vulnerabilities());
  }

  @Test
  void tenantPoliciesThatReopenAreNamed() {
    SecurityBaseline sb = baseline(1);
    ledger.record(
        report(
            "a",
            "uid-a",
            1,
            List.of(
                new Violation("a", "NetworkPolicy", "open", "tenantNetworkPolicy", "m"),
                violation("a"))));
    SecurityBaselineStatus status = aggregate(sb, List.of(ns("a", "uid-a"))).orElseThrow();
    Condition reopen = condition(status, ConditionTypes.TENANT_POLICIES_REOPEN);
    assertThat(reopen.getStatus()).isEqualTo("True");
    assertThat(reopen.getReason()).isEqualTo("Found");
    assertThat(reopen.getMessage())
        .isEqualTo(
            "1 NetworkPolicy(ies) reopen a direction the baseline denies: a/open; creating such a"
                + " policy or changing its spec is refused at admission");

    sb.getSpec().network.tenantPolicies.action = dev.bulwark.api.TenantPolicyAction.Allow;
    status = aggregate(sb, List.of(ns("a", "uid-a"))).orElseThrow();
    assertThat(condition(status, ConditionTypes.TENANT_POLICIES_REOPEN).getReason())
        .isEqualTo("NotChecked");
  }

  private Optional<SecurityBaselineStatus> aggregate(SecurityBaseline sb, List<Namespace> live) {
    return aggregate(sb, live, List.of());
  }

  private Optional<SecurityBaselineStatus> aggregate(
      SecurityBaseline sb, List<Namespace> live, List<dev.bulwark.plan.SpecProblem> problems) {
    return aggregator.aggregate(
        sb,
        problems,
        new Conditions(sb.getStatus() == null ? null : sb.getStatus().conditions, NOW),
        live,
        List.of(),
        NOW);
  }

  private static Condition ready(SecurityBaselineStatus status) {
    return condition(status, ConditionTypes.READY);
  }

  private static Condition condition(SecurityBaselineStatus status, String type) {
    return status.conditions.stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in " + status.conditions));
  }

  private static SecurityBaseline baseline(long generation) {
    SecurityBaseline sb = new SecurityBaseline();
    sb.getMetadata().setName("sb");
    sb.getMetadata().setUid("uid");
    sb.getMetadata().setGeneration(generation);
    sb.setSpec(new SecurityBaselineSpec());
    return sb;
  }

  private static Namespace ns(String name, String uid) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withUid(uid)
        .endMetadata()
        .build();
  }

  private static NamespaceEvaluation report(
      String ns, String uid, long generation, List<Violation> violations) {
    return new NamespaceEvaluation(
        ns,
        uid,
        "sb",
        generation,
        Set.of("sb"),
        violations,
        true,
        0,
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null);
  }

  private static NamespaceEvaluation withWarnings(NamespaceEvaluation r, List<String> warnings) {
    return new NamespaceEvaluation(
        r.namespace(),
        r.uid(),
        r.governor(),
        r.governorGeneration(),
        r.selectedBy(),
        r.violations(),
        r.inSync(),
        r.unsettledStreak(),
        r.problem(),
        warnings,
        List.of(),
        r.admissionRefusals(),
        List.of(),
        null);
  }

  private static Violation violation(String ns) {
    return new Violation(ns, "Pod", "p", "privileged", "privileged");
  }
}
