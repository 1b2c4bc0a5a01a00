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
    ledger.record(report("a", "uid-a", 2, List.of()));
    ledger.record(report("b", "uid-b", 1, List.of()));

    SecurityBaselineStatus status =
        aggregate(sb, List.of(ns("a", "uid-a"), ns("b", "uid-b"))).orElseThrow();
    Condition ready = ready(status);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(StatusAggregator.PROGRESSING);
    assertThat(ready.getMessage()).contains("generation 2").contains("b");
    assertThat(status.observedGeneration).isEqualTo(2L);

    ledger.record(report("b", "uid-b", 2, List.of()));
    assertThat(ready(aggregate(sb, List.of(ns("a", "uid-a"), ns("b", "uid-b"))).orElseThrow()))
        .extracting(Condition::getStatus)
        .isEqualTo("True");
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

  private Optional<SecurityBaselineStatus> aggregate(SecurityBaseline sb, List<Namespace> live) {
    return aggregate(sb, live, List.of());
  }

  private Optional<SecurityBaselineStatus> aggregate(
      SecurityBaseline sb, List<Namespace> live, List<dev.bulwark.plan.SpecProblem> problems) {
    return aggregator.aggregate(
        sb,
        problems,
        new Conditions(null, StatusAggregator.generation(sb), NOW),
        live,
        List.of(),
        NOW);
  }

  private static Condition ready(SecurityBaselineStatus status) {
    return status.conditions.stream()
        .filter(c -> ConditionTypes.READY.equals(c.getType()))
        .findFirst()
        .orElseThrow();
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
        null);
  }

  private static Violation violation(String ns) {
    return new Violation(ns, "Pod", "p", "privileged", "privileged");
  }
}
