package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.operator.baseline.ConditionTypes;
import dev.bulwark.testing.LocalCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Edits and deletions of what Bulwark owns are put back, and the repairs are reported. */
@LocalCluster(controllerManager = true)
class DriftRepairIT extends OperatorTestBase {

  @Test
  void everyOwnedKindIsRepairedAndTheRepairShowsInStatusAndEvents() {
    String ns = namespace(Map.of());
    String name = "drift-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted}
        network: {defaultDeny: [Ingress, Egress], allowDNS: true}
        serviceAccounts: {automountToken: false}
        resources:
          quota: {hard: {pods: "10"}}
          limitRange: {default: {cpu: 500m}}
        """);
    awaitSettled(name);
    await()
        .atMost(CONVERGE)
        .until(() -> Boolean.FALSE.equals(defaultAccount(ns).getAutomountServiceAccountToken()));

    client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(ns)
        .withName("bulwark-default-deny")
        .delete();
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                client
                        .network()
                        .v1()
                        .networkPolicies()
                        .inNamespace(ns)
                        .withName("bulwark-default-deny")
                        .get()
                    != null);
    awaitSettled(name);

    mergePatch(
        client.resourceQuotas().inNamespace(ns).withName("bulwark-quota"),
        "{\"spec\":{\"hard\":{\"pods\":\"1000\"}}}");
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                "10"
                    .equals(
                        client
                            .resourceQuotas()
                            .inNamespace(ns)
                            .withName("bulwark-quota")
                            .get()
                            .getSpec()
                            .getHard()
                            .get("pods")
                            .toString()));
    awaitSettled(name);

    client.limitRanges().inNamespace(ns).withName("bulwark-limits").delete();
    await()
        .atMost(CONVERGE)
        .until(() -> client.limitRanges().inNamespace(ns).withName("bulwark-limits").get() != null);
    awaitSettled(name);

    mergePatch(
        client.namespaces().withName(ns),
        "{\"metadata\":{\"labels\":{\"pod-security.kubernetes.io/enforce\":\"privileged\"}}}");
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                "restricted"
                    .equals(
                        client
                            .namespaces()
                            .withName(ns)
                            .get()
                            .getMetadata()
                            .getLabels()
                            .get("pod-security.kubernetes.io/enforce")));
    awaitSettled(name);

    mergePatch(
        client.serviceAccounts().inNamespace(ns).withName("default"),
        "{\"automountServiceAccountToken\":true}");
    await()
        .atMost(CONVERGE)
        .until(() -> Boolean.FALSE.equals(defaultAccount(ns).getAutomountServiceAccountToken()));

    awaitStatus(
        name,
        sb -> {
          assertThat(sb.getStatus().drift.repairs()).isGreaterThanOrEqualTo(5);
          assertThat(sb.getStatus().drift.lastRepairTime()).isNotNull();
        });
    assertThat(events(name, "DriftRepaired")).hasSizeGreaterThanOrEqualTo(5);
  }

  private io.fabric8.kubernetes.api.model.ServiceAccount defaultAccount(String ns) {
    return client.serviceAccounts().inNamespace(ns).withName("default").get();
  }

  private void awaitSettled(String name) {
    awaitStatus(
        name, sb -> assertThat(condition(sb, ConditionTypes.READY).getStatus()).isEqualTo("True"));
  }
}
