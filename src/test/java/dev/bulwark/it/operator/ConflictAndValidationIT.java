package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.operator.baseline.ConditionTypes;
import dev.bulwark.testing.Baselines;
import dev.bulwark.testing.LocalCluster;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Priorities settle conflicts; an invalid spec is reported and nothing is applied. */
@LocalCluster
class ConflictAndValidationIT extends OperatorTestBase {

  @Test
  void higherPriorityGovernsAndTheLoserReportsConflict() {
    String ns = namespace(Map.of());
    baseline(
        "high-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        priority: 10
        podSecurity: {level: baseline}
        network: {defaultDeny: []}
        """);
    baseline(
        "low-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        priority: 1
        podSecurity: {level: restricted}
        network: {defaultDeny: []}
        """);

    awaitStatus(
        "low-" + team,
        sb -> {
          assertThat(condition(sb, ConditionTypes.CONFLICT).getStatus()).isEqualTo("True");
          assertThat(condition(sb, ConditionTypes.CONFLICT).getMessage())
              .contains(ns)
              .contains("high-" + team);
          assertThat(sb.getStatus().namespaces.matched()).isZero();
          assertThat(sb.getStatus().namespaces.conflicting()).isEqualTo(1);
        });
    awaitStatus(
        "high-" + team,
        sb -> {
          assertThat(condition(sb, ConditionTypes.CONFLICT).getStatus()).isEqualTo("False");
          assertThat(sb.getStatus().namespaces.matched()).isEqualTo(1);
        });
    assertThat(client.namespaces().withName(ns).get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "baseline");
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertThat(events("low-" + team, "Conflict")).isNotEmpty());
  }

  @Test
  void invalidSpecIsReportedWithTheFieldAndNothingIsApplied() throws InterruptedException {
    String ns = namespace(Map.of());
    String before = client.namespaces().withName(ns).get().getMetadata().getResourceVersion();
    baseline(
        "invalid-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        network: {defaultDeny: [Ingress]}
        resources:
          quota: {hard: {pods: "lots"}}
        """);

    awaitStatus(
        "invalid-" + team,
        sb -> {
          assertThat(condition(sb, ConditionTypes.INVALID).getStatus()).isEqualTo("True");
          assertThat(condition(sb, ConditionTypes.INVALID).getMessage())
              .contains("spec.resources.quota.hard.pods");
          assertThat(condition(sb, ConditionTypes.READY).getStatus()).isEqualTo("False");
        });
    Thread.sleep(2000);

    assertThat(client.namespaces().withName(ns).get().getMetadata().getResourceVersion())
        .isEqualTo(before);
    assertThat(client.network().v1().networkPolicies().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(events("invalid-" + team, "InvalidSpec")).isNotEmpty();
  }

  @Test
  void celRuleRejectsAnExceptionWithoutChecksOrReason() {
    var exception = new dev.bulwark.api.ExceptionSpec();
    exception.reason = "  ";
    var sb = Baselines.fromYaml("cel-" + team, "mode: Audit\n");
    sb.getSpec().exceptions.add(exception);

    assertThatThrownBy(() -> client.resource(sb).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage())
                  .contains("spec.exceptions[0]")
                  .contains("an exception must name at least one check and give a reason");
            });
  }
}
