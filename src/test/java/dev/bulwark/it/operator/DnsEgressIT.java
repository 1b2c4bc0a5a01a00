package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DNS egress allowance follows network.dns (selectors, ports, node-local cache addresses) and
 * defaults to the kube-dns rule (issue 10, item 7).
 */
@LocalCluster
class DnsEgressIT extends OperatorTestBase {

  @Test
  void dnsEgressGoesToTheConfiguredServersPortsAndNodeLocalCache() {
    String ns = namespace(Map.of());
    baseline(
        "dns-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: privileged}
        network:
          defaultDeny: [Egress]
          dns:
            podSelector: {matchLabels: {app: coredns}}
            ports: [{port: 5353, protocol: UDP}, {port: 53, protocol: TCP}]
            ipBlocks: [169.254.20.10/32]
        """);

    NetworkPolicy dns = awaitPolicy(ns, "bulwark-allow-dns");

    var rule = dns.getSpec().getEgress().get(0);
    assertThat(rule.getTo())
        .extracting(NetworkPolicyPeer::getPodSelector)
        .extracting(s -> s == null ? null : s.getMatchLabels())
        .containsExactly(Map.of("app", "coredns"), null);
    assertThat(rule.getTo().get(0).getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "kube-system"));
    assertThat(rule.getTo().get(1).getIpBlock().getCidr()).isEqualTo("169.254.20.10/32");
    assertThat(rule.getPorts())
        .extracting(NetworkPolicyPort::getPort, NetworkPolicyPort::getProtocol)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(new IntOrString(5353), "UDP"),
            org.assertj.core.groups.Tuple.tuple(new IntOrString(53), "TCP"));
  }

  @Test
  void withoutDnsSettingsTheRuleIsKubeDnsOnPort53() {
    String ns = namespace(Map.of());
    baseline(
        "dns-default-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: privileged}
        network: {defaultDeny: [Egress]}
        """);

    var rule = awaitPolicy(ns, "bulwark-allow-dns").getSpec().getEgress().get(0);

    assertThat(rule.getTo()).hasSize(1);
    assertThat(rule.getTo().get(0).getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "kube-system"));
    assertThat(rule.getTo().get(0).getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("k8s-app", "kube-dns"));
    assertThat(rule.getPorts())
        .extracting(NetworkPolicyPort::getPort, NetworkPolicyPort::getProtocol)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(new IntOrString(53), "UDP"),
            org.assertj.core.groups.Tuple.tuple(new IntOrString(53), "TCP"));
  }

  @Test
  void theApiServerDocumentsNetworkDnsForKubectlExplain() {
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("securitybaselines.bulwark.dev")
            .get();
    JSONSchemaProps network =
        crd.getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec")
            .getProperties()
            .get("network");

    JSONSchemaProps dns = network.getProperties().get("dns");
    assertThat(dns).as("spec.network.dns in the served CRD").isNotNull();
    assertThat(dns.getDescription()).contains("NodeLocal DNSCache");
    assertThat(dns.getProperties())
        .containsKeys("namespaceSelector", "podSelector", "ports", "ipBlocks");
    assertThat(dns.getProperties().values())
        .allSatisfy(field -> assertThat(field.getDescription()).isNotBlank());
  }

  private NetworkPolicy awaitPolicy(String ns, String name) {
    return await()
        .atMost(CONVERGE)
        .until(
            () -> client.network().v1().networkPolicies().inNamespace(ns).withName(name).get(),
            p -> p != null);
  }
}
