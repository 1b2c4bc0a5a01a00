package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.testing.LocalCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deleting a baseline removes what Bulwark created and restores the labels it replaced. */
@LocalCluster(controllerManager = true)
class CleanupIT extends OperatorTestBase {

  @Test
  void deletingTheBaselineRestoresPreviousLabelsAndRemovesOwnedObjects() {
    String ns =
        namespace(
            Map.of(
                "pod-security.kubernetes.io/enforce", "baseline",
                "pod-security.kubernetes.io/enforce-version", "v1.29"));
    baseline(
        "cleanup-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted}
        network: {defaultDeny: [Ingress, Egress]}
        serviceAccounts: {automountToken: false}
        resources:
          quota: {hard: {pods: "10"}}
          limitRange: {default: {cpu: 500m}}
        """);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(labels(ns))
                  .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
              assertThat(client.resourceQuotas().inNamespace(ns).list().getItems()).hasSize(1);
              assertThat(client.limitRanges().inNamespace(ns).list().getItems()).hasSize(1);
              assertThat(
                      client
                          .serviceAccounts()
                          .inNamespace(ns)
                          .withName("default")
                          .get()
                          .getAutomountServiceAccountToken())
                  .isFalse();
            });

    client.resources(SecurityBaseline.class).withName("cleanup-" + team).delete();

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(labels(ns))
                  .containsEntry("pod-security.kubernetes.io/enforce", "baseline")
                  .containsEntry("pod-security.kubernetes.io/enforce-version", "v1.29")
                  .doesNotContainKeys(
                      "pod-security.kubernetes.io/audit", "pod-security.kubernetes.io/warn");
              assertThat(client.namespaces().withName(ns).get().getMetadata().getAnnotations())
                  .doesNotContainKeys(
                      "bulwark.dev/governed-by", "bulwark.dev/previous-pod-security-labels");
              assertThat(client.network().v1().networkPolicies().inNamespace(ns).list().getItems())
                  .isEmpty();
              assertThat(client.resourceQuotas().inNamespace(ns).list().getItems()).isEmpty();
              assertThat(client.limitRanges().inNamespace(ns).list().getItems()).isEmpty();
              assertThat(
                      client
                          .serviceAccounts()
                          .inNamespace(ns)
                          .withName("default")
                          .get()
                          .getAutomountServiceAccountToken())
                  .isNull();
            });
  }

  @Test
  void switchingEnforceToAuditLeavesObjectsInPlace() throws InterruptedException {
    String ns = namespace(Map.of());
    baseline(
        "switch-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        network: {defaultDeny: [Ingress]}
        """);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(
                        client.network().v1().networkPolicies().inNamespace(ns).list().getItems())
                    .hasSize(1));

    mergePatch(
        client.resources(SecurityBaseline.class).withName("switch-" + team),
        "{\"spec\":{\"mode\":\"Audit\"}}");
    awaitStatus(
        "switch-" + team,
        sb ->
            assertThat(sb.getStatus().observedGeneration)
                .isEqualTo(sb.getMetadata().getGeneration()));
    Thread.sleep(2000);

    assertThat(client.network().v1().networkPolicies().inNamespace(ns).list().getItems())
        .hasSize(1);
    assertThat(labels(ns)).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
  }

  private Map<String, String> labels(String ns) {
    return client.namespaces().withName(ns).get().getMetadata().getLabels();
  }
}
