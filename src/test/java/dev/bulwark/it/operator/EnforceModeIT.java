package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.bulwark.operator.baseline.ConditionTypes;
import dev.bulwark.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** In Enforce mode the operator brings a governed namespace in line, end to end. */
@LocalCluster(controllerManager = true)
class EnforceModeIT extends OperatorTestBase {

  @Test
  void governedNamespaceGetsLabelsPoliciesQuotaLimitsAndTokenSetting() {
    String ns = namespace(Map.of());
    baseline(
        "enforce-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted, version: v1.30}
        network: {defaultDeny: [Ingress, Egress], allowDNS: true, allowSameNamespace: true}
        serviceAccounts: {automountToken: false}
        resources:
          quota: {hard: {requests.cpu: "2", requests.memory: 4Gi, pods: "20"}}
          limitRange:
            defaultRequest: {cpu: 100m, memory: 128Mi}
            default: {cpu: 500m, memory: 512Mi}
        """);

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              Namespace namespace = client.namespaces().withName(ns).get();
              assertThat(namespace.getMetadata().getLabels())
                  .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                  .containsEntry("pod-security.kubernetes.io/enforce-version", "v1.30")
                  .containsEntry("pod-security.kubernetes.io/audit", "restricted")
                  .containsEntry("pod-security.kubernetes.io/warn", "restricted");
              assertThat(namespace.getMetadata().getAnnotations())
                  .containsEntry("bulwark.dev/governed-by", "enforce-" + team);
            });

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(policies(ns))
                    .extracting(p -> p.getMetadata().getName())
                    .containsExactlyInAnyOrder(
                        "bulwark-default-deny",
                        "bulwark-allow-dns",
                        "bulwark-allow-same-namespace"));
    NetworkPolicy deny = policy(ns, "bulwark-default-deny");
    assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
    assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    assertThat(deny.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "bulwark")
        .containsEntry("bulwark.dev/baseline", "enforce-" + team);
    NetworkPolicy dns = policy(ns, "bulwark-allow-dns");
    assertThat(dns.getSpec().getPolicyTypes()).containsExactly("Egress");
    assertThat(dns.getSpec().getEgress().get(0).getPorts())
        .extracting(NetworkPolicyPort::getProtocol, NetworkPolicyPort::getPort)
        .containsExactlyInAnyOrder(
            tuple("UDP", new IntOrString(53)), tuple("TCP", new IntOrString(53)));
    var dnsPeer = dns.getSpec().getEgress().get(0).getTo().get(0);
    assertThat(dnsPeer.getPodSelector().getMatchLabels()).containsEntry("k8s-app", "kube-dns");
    assertThat(dnsPeer.getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "kube-system");
    NetworkPolicy same = policy(ns, "bulwark-allow-same-namespace");
    assertThat(same.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector()).isNotNull();
    assertThat(same.getSpec().getEgress().get(0).getTo().get(0).getPodSelector()).isNotNull();

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              var quota = client.resourceQuotas().inNamespace(ns).withName("bulwark-quota").get();
              assertThat(quota).isNotNull();
              assertThat(quota.getSpec().getHard().get("requests.cpu").toString()).isEqualTo("2");
              assertThat(quota.getSpec().getHard().get("pods").toString()).isEqualTo("20");
              var limits = client.limitRanges().inNamespace(ns).withName("bulwark-limits").get();
              assertThat(limits).isNotNull();
              var item = limits.getSpec().getLimits().get(0);
              assertThat(item.getType()).isEqualTo("Container");
              assertThat(item.getDefault().get("cpu").toString()).isEqualTo("500m");
              assertThat(item.getDefaultRequest().get("memory").toString()).isEqualTo("128Mi");
              var sa = client.serviceAccounts().inNamespace(ns).withName("default").get();
              assertThat(sa).isNotNull();
              assertThat(sa.getAutomountServiceAccountToken()).isFalse();
            });

    awaitStatus(
        "enforce-" + team,
        sb -> {
          assertThat(sb.getStatus().namespaces.matched()).isEqualTo(1);
          assertThat(condition(sb, ConditionTypes.READY).getStatus()).isEqualTo("True");
          assertThat(condition(sb, ConditionTypes.INVALID).getStatus()).isEqualTo("False");
          assertThat(sb.getStatus().observedGeneration).isEqualTo(sb.getMetadata().getGeneration());
        });
  }

  @Test
  void ingressOnlyDenyAllowsChosenNamespacesAndLeavesEgressOpen() {
    String ns = namespace(Map.of());
    baseline(
        "ingress-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        network:
          defaultDeny: [Ingress]
          allowDNS: true
          allowFromNamespaces: {matchLabels: {role: ingress}}
        """);

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(policies(ns))
                    .extracting(p -> p.getMetadata().getName())
                    .containsExactlyInAnyOrder(
                        "bulwark-default-deny", "bulwark-allow-from-namespaces"));
    assertThat(policy(ns, "bulwark-default-deny").getSpec().getPolicyTypes())
        .containsExactly("Ingress");
    NetworkPolicy from = policy(ns, "bulwark-allow-from-namespaces");
    assertThat(
            from.getSpec()
                .getIngress()
                .get(0)
                .getFrom()
                .get(0)
                .getNamespaceSelector()
                .getMatchLabels())
        .containsEntry("role", "ingress");
  }

  @Test
  void namespaceLeavingTheSelectorIsReleasedAndNewMatchesArePickedUp() {
    String first = namespace(Map.of("stage", "in"));
    baseline(
        "moving-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s, stage: in}}
        network: {defaultDeny: [Ingress]}
        """);
    await().atMost(CONVERGE).untilAsserted(() -> assertThat(policies(first)).hasSize(1));

    String second = namespace(Map.of("stage", "out"));
    mergePatch(
        client.namespaces().withName(second), "{\"metadata\":{\"labels\":{\"stage\":\"in\"}}}");
    mergePatch(
        client.namespaces().withName(first), "{\"metadata\":{\"labels\":{\"stage\":\"out\"}}}");

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(policies(second)).hasSize(1);
              assertThat(policies(first)).isEmpty();
              assertThat(client.namespaces().withName(first).get().getMetadata().getLabels())
                  .doesNotContainKey("pod-security.kubernetes.io/enforce");
            });
    awaitStatus(
        "moving-" + team, sb -> assertThat(sb.getStatus().namespaces.matched()).isEqualTo(1));
  }

  private java.util.List<NetworkPolicy> policies(String ns) {
    return client.network().v1().networkPolicies().inNamespace(ns).list().getItems();
  }

  private NetworkPolicy policy(String ns, String name) {
    return client.network().v1().networkPolicies().inNamespace(ns).withName(name).get();
  }
}
