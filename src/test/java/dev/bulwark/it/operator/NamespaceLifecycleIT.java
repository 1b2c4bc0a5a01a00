package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.operator.ledger.NamespaceEvaluation;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.Workloads;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, behaviour 1: a governed namespace that is deleted leaves every count, the top-violations
 * list and every condition of its baseline within seconds, and the operator keeps nothing about it.
 */
@LocalCluster(controllerManager = true)
class NamespaceLifecycleIT extends OperatorTestBase {

  @Test
  void deletedNamespaceLeavesCountsViolationsConditionsAndMemory() {
    List<String> namespaces = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      namespaces.add(namespace(Map.of()));
    }
    String doomed = namespaces.get(3);
    client.resource(Workloads.privileged(doomed, "doomed-app")).create();
    String name = "deletion-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        mode: Audit
        """);
    awaitStatus(
        name,
        sb -> {
          assertThat(sb.getStatus().namespaces.matched()).isEqualTo(4);
          assertThat(sb.getStatus().violations.top())
              .extracting(Violation::namespace)
              .contains(doomed);
        });

    client.namespaces().withName(doomed).delete();

    awaitStatus(
        name,
        sb -> {
          assertThat(sb.getStatus().namespaces.matched()).isEqualTo(3);
          assertThat(sb.getStatus().namespaces.compliant()).isEqualTo(3);
          assertThat(sb.getStatus().violations.total()).isZero();
          assertThat(sb.getStatus().violations.top()).isEmpty();
          assertThat(sb.getStatus().conditions)
              .extracting(Condition::getMessage)
              .noneMatch(message -> message.contains(doomed));
          assertThat(condition(sb, "Compliant").getStatus()).isEqualTo("True");
        });
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(operator.evaluations())
                    .extracting(NamespaceEvaluation::namespace)
                    .doesNotContain(doomed));
    SecurityBaseline sb = get(name);
    assertThat(sb.getStatus().namespaces.matched()).isEqualTo(3);
  }
}
