package dev.bulwark.plan;

import static dev.bulwark.plan.Fixtures.baseline;
import static dev.bulwark.plan.Fixtures.matchLabels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.DnsPort;
import dev.bulwark.api.LimitRangeSpec;
import dev.bulwark.api.PodSecurityLevel;
import dev.bulwark.api.PolicyType;
import dev.bulwark.api.QuotaSpec;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NamespacePlannerTest {

  private static final String NS = "team-a";
  private static final String OWNER = "restricted";
  private static final Map<String, String> OWNED =
      Map.of("app.kubernetes.io/managed-by", "bulwark", "bulwark.dev/baseline", OWNER);
  private static final LabelSelector INGRESS_NS =
      matchLabels(Map.of("kubernetes.io/metadata.name", "ingress-nginx"));

  private static final NetworkPolicyEgressRule DNS_EGRESS =
      new NetworkPolicyEgressRuleBuilder()
          .withTo(
              new NetworkPolicyPeerBuilder()
                  .withNewNamespaceSelector()
                  .addToMatchLabels("kubernetes.io/metadata.name", "kube-system")
                  .endNamespaceSelector()
                  .withNewPodSelector()
                  .addToMatchLabels("k8s-app", "kube-dns")
                  .endPodSelector()
                  .build())
          .withPorts(
              new NetworkPolicyPortBuilder()
                  .withProtocol("UDP")
                  .withPort(new IntOrString(53))
                  .build(),
              new NetworkPolicyPortBuilder()
                  .withProtocol("TCP")
                  .withPort(new IntOrString(53))
                  .build())
          .build();
  private static final NetworkPolicyPeer SAME_NAMESPACE =
      new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelector()).build();

  private static SecurityBaseline baselineWith(
      List<PolicyType> deny, boolean dns, boolean sameNamespace, LabelSelector fromNamespaces) {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.network.defaultDeny = new ArrayList<>(deny);
    spec.network.allowDNS = dns;
    spec.network.allowSameNamespace = sameNamespace;
    spec.network.allowFromNamespaces = fromNamespaces;
    return baseline(OWNER, spec);
  }

  private static NetworkPolicySpec spec(
      List<String> types,
      List<NetworkPolicyIngressRule> ingress,
      List<NetworkPolicyEgressRule> egress) {
    NetworkPolicySpec spec = new NetworkPolicySpec();
    spec.setPodSelector(new LabelSelector());
    spec.setPolicyTypes(types);
    spec.setIngress(ingress);
    spec.setEgress(egress);
    return spec;
  }

  private static NetworkPolicyIngressRule from(NetworkPolicyPeer peer) {
    return new NetworkPolicyIngressRuleBuilder().withFrom(peer).build();
  }

  private static NetworkPolicyEgressRule to(NetworkPolicyPeer peer) {
    return new NetworkPolicyEgressRuleBuilder().withTo(peer).build();
  }

  private static final List<PolicyType> BOTH = List.of(PolicyType.Ingress, PolicyType.Egress);
  private static final List<PolicyType> INGRESS = List.of(PolicyType.Ingress);
  private static final List<PolicyType> EGRESS = List.of(PolicyType.Egress);
  private static final List<PolicyType> NONE = List.of();

  /** Each row: deny, allowDNS, allowSameNamespace, allowFromNamespaces, expected name -> spec. */
  static Stream<Arguments> networkVariants() {
    NetworkPolicyPeer fromIngressNs =
        new NetworkPolicyPeerBuilder().withNamespaceSelector(INGRESS_NS).build();
    return Stream.of(
        Arguments.of("nothing denied, nothing created", NONE, true, true, INGRESS_NS, Map.of()),
        Arguments.of(
            "both denied, defaults",
            BOTH,
            true,
            false,
            null,
            Map.of(
                "bulwark-default-deny", spec(List.of("Ingress", "Egress"), List.of(), List.of()),
                "bulwark-allow-dns", spec(List.of("Egress"), List.of(), List.of(DNS_EGRESS)))),
        Arguments.of(
            "both denied, everything allowed",
            BOTH,
            true,
            true,
            INGRESS_NS,
            Map.of(
                "bulwark-default-deny", spec(List.of("Ingress", "Egress"), List.of(), List.of()),
                "bulwark-allow-dns", spec(List.of("Egress"), List.of(), List.of(DNS_EGRESS)),
                "bulwark-allow-same-namespace",
                    spec(
                        List.of("Ingress", "Egress"),
                        List.of(from(SAME_NAMESPACE)),
                        List.of(to(SAME_NAMESPACE))),
                "bulwark-allow-from-namespaces",
                    spec(List.of("Ingress"), List.of(from(fromIngressNs)), List.of()))),
        Arguments.of(
            "both denied, no DNS",
            BOTH,
            false,
            false,
            null,
            Map.of(
                "bulwark-default-deny", spec(List.of("Ingress", "Egress"), List.of(), List.of()))),
        Arguments.of(
            "ingress only: no DNS policy even when asked",
            INGRESS,
            true,
            true,
            INGRESS_NS,
            Map.of(
                "bulwark-default-deny", spec(List.of("Ingress"), List.of(), List.of()),
                "bulwark-allow-same-namespace",
                    spec(List.of("Ingress"), List.of(from(SAME_NAMESPACE)), List.of()),
                "bulwark-allow-from-namespaces",
                    spec(List.of("Ingress"), List.of(from(fromIngressNs)), List.of()))),
        Arguments.of(
            "egress only: no ingress allowance even when asked",
            EGRESS,
            true,
            true,
            INGRESS_NS,
            Map.of(
                "bulwark-default-deny", spec(List.of("Egress"), List.of(), List.of()),
                "bulwark-allow-dns", spec(List.of("Egress"), List.of(), List.of(DNS_EGRESS)),
                "bulwark-allow-same-namespace",
                    spec(List.of("Egress"), List.of(), List.of(to(SAME_NAMESPACE))))),
        Arguments.of(
            "egress only, no DNS",
            EGRESS,
            false,
            false,
            null,
            Map.of("bulwark-default-deny", spec(List.of("Egress"), List.of(), List.of()))),
        Arguments.of(
            "listed twice, in the other order: one policy, canonical order",
            List.of(PolicyType.Egress, PolicyType.Ingress, PolicyType.Egress),
            false,
            false,
            null,
            Map.of(
                "bulwark-default-deny", spec(List.of("Ingress", "Egress"), List.of(), List.of()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networkVariants")
  void networkPolicies(
      String description,
      List<PolicyType> deny,
      boolean dns,
      boolean sameNamespace,
      LabelSelector fromNamespaces,
      Map<String, NetworkPolicySpec> expected) {
    List<NetworkPolicy> policies =
        NamespacePlanner.plan(baselineWith(deny, dns, sameNamespace, fromNamespaces), NS)
            .networkPolicies();

    Map<String, NetworkPolicySpec> byName = new TreeMap<>();
    for (NetworkPolicy policy : policies) {
      assertOwned(policy, policy.getMetadata().getName());
      assertThat(policy.getApiVersion()).isEqualTo("networking.k8s.io/v1");
      assertThat(policy.getKind()).isEqualTo("NetworkPolicy");
      byName.put(policy.getMetadata().getName(), policy.getSpec());
    }
    assertThat(policies).hasSize(byName.size());
    assertThat(byName).containsExactlyInAnyOrderEntriesOf(expected);
    if (!policies.isEmpty()) {
      assertThat(policies.get(0).getMetadata().getName()).isEqualTo("bulwark-default-deny");
    }
  }

  @Test
  void defaultSpecDeniesBothAndAllowsOnlyDns() {
    NamespacePlan plan = NamespacePlanner.plan(baseline(OWNER, new SecurityBaselineSpec()), NS);

    assertThat(plan.networkPolicies())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("bulwark-default-deny", "bulwark-allow-dns");
  }

  @Test
  void dnsDefaultsToKubeDnsOnPort53OverUdpAndTcp() {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.network.dns = null;

    NetworkPolicy implicit =
        policy(NamespacePlanner.plan(baseline(OWNER, spec), NS), "bulwark-allow-dns");
    NetworkPolicy explicit =
        policy(
            NamespacePlanner.plan(baseline(OWNER, new SecurityBaselineSpec()), NS),
            "bulwark-allow-dns");

    assertThat(implicit.getSpec().getEgress()).containsExactly(DNS_EGRESS);
    assertThat(explicit.getSpec().getEgress()).containsExactly(DNS_EGRESS);
  }

  @Test
  void dnsTakesSelectorsPortsAndNodeLocalCacheAddresses() {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.network.dns.namespaceSelector = matchLabels(Map.of("kubernetes.io/metadata.name", "dns"));
    spec.network.dns.podSelector = matchLabels(Map.of("app", "coredns"));
    spec.network.dns.ports =
        new ArrayList<>(
            List.of(new DnsPort(5353, "UDP"), new DnsPort(53, "TCP"), new DnsPort(5353, "UDP")));
    spec.network.dns.ipBlocks = new ArrayList<>(List.of("169.254.20.10/32"));

    NetworkPolicy policy =
        policy(NamespacePlanner.plan(baseline(OWNER, spec), NS), "bulwark-allow-dns");

    assertThat(policy.getSpec().getEgress())
        .containsExactly(
            new NetworkPolicyEgressRuleBuilder()
                .withTo(
                    new NetworkPolicyPeerBuilder()
                        .withNamespaceSelector(
                            matchLabels(Map.of("kubernetes.io/metadata.name", "dns")))
                        .withPodSelector(matchLabels(Map.of("app", "coredns")))
                        .build(),
                    new NetworkPolicyPeerBuilder()
                        .withNewIpBlock()
                        .withCidr("169.254.20.10/32")
                        .endIpBlock()
                        .build())
                .withPorts(
                    new NetworkPolicyPortBuilder()
                        .withProtocol("UDP")
                        .withPort(new IntOrString(5353))
                        .build(),
                    new NetworkPolicyPortBuilder()
                        .withProtocol("TCP")
                        .withPort(new IntOrString(53))
                        .build())
                .build());
  }

  @Test
  void dnsWithoutSelectorsAllowsOnlyItsIpBlocks() {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.network.dns.namespaceSelector = null;
    spec.network.dns.podSelector = null;
    spec.network.dns.ipBlocks = new ArrayList<>(List.of("169.254.20.10/32"));

    NetworkPolicy policy =
        policy(NamespacePlanner.plan(baseline(OWNER, spec), NS), "bulwark-allow-dns");

    assertThat(policy.getSpec().getEgress().get(0).getTo())
        .extracting(peer -> peer.getIpBlock().getCidr())
        .containsExactly("169.254.20.10/32");
  }

  @Test
  void allowDnsFalseStillDropsTheDnsPolicy() {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.network.allowDNS = false;
    spec.network.dns.ipBlocks = new ArrayList<>(List.of("169.254.20.10/32"));

    assertThat(NamespacePlanner.plan(baseline(OWNER, spec), NS).networkPolicies())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("bulwark-default-deny");
  }

  private static NetworkPolicy policy(NamespacePlan plan, String name) {
    return plan.networkPolicies().stream()
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void allowFromNamespacesIsACopyOfTheSpecSelector() {
    SecurityBaseline baseline = baselineWith(INGRESS, false, false, matchLabels(Map.of("a", "b")));

    NetworkPolicy policy = NamespacePlanner.plan(baseline, NS).networkPolicies().get(1);
    policy
        .getSpec()
        .getIngress()
        .get(0)
        .getFrom()
        .get(0)
        .getNamespaceSelector()
        .getMatchLabels()
        .put("x", "y");

    assertThat(baseline.getSpec().network.allowFromNamespaces.getMatchLabels())
        .containsOnlyKeys("a");
  }

  @Test
  void planCarriesNamesLabelsAndServiceAccountSettings() {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.podSecurity.level = PodSecurityLevel.BASELINE;
    spec.podSecurity.version = "v1.30";
    spec.serviceAccounts.automountToken = true;
    spec.serviceAccounts.allServiceAccounts = true;

    NamespacePlan plan = NamespacePlanner.plan(baseline(OWNER, spec), NS);

    assertThat(plan.namespace()).isEqualTo(NS);
    assertThat(plan.baseline()).isEqualTo(OWNER);
    assertThat(plan.podSecurityLabels())
        .isEqualTo(PodSecurityLabels.desired(spec.podSecurity))
        .containsEntry("pod-security.kubernetes.io/enforce", "baseline")
        .containsEntry("pod-security.kubernetes.io/enforce-version", "v1.30");
    assertThat(plan.automountToken()).isTrue();
    assertThat(plan.allServiceAccounts()).isTrue();
  }

  @Test
  void serviceAccountDefaultsTurnAutomountOffForDefaultOnly() {
    NamespacePlan plan = NamespacePlanner.plan(baseline(OWNER, new SecurityBaselineSpec()), NS);

    assertThat(plan.automountToken()).isFalse();
    assertThat(plan.allServiceAccounts()).isFalse();
  }

  @Test
  void noQuotaOrLimitRangeUnlessAskedFor() {
    NamespacePlan plan = NamespacePlanner.plan(baseline(OWNER, new SecurityBaselineSpec()), NS);

    assertThat(plan.quota()).isEmpty();
    assertThat(plan.limitRange()).isEmpty();
  }

  @Test
  void quotaCarriesTheHardLimits() {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.resources.quota = new QuotaSpec();
    spec.resources.quota.hard.put("requests.cpu", new Quantity("4"));
    spec.resources.quota.hard.put("limits.memory", new Quantity("8Gi"));
    spec.resources.quota.hard.put("pods", new Quantity("20"));

    Optional<ResourceQuota> quota = NamespacePlanner.plan(baseline(OWNER, spec), NS).quota();

    assertThat(quota).isPresent();
    assertOwned(quota.get(), "bulwark-quota");
    assertThat(quota.get().getKind()).isEqualTo("ResourceQuota");
    assertThat(quota.get().getSpec().getHard())
        .containsExactly(
            Map.entry("limits.memory", new Quantity("8Gi")),
            Map.entry("pods", new Quantity("20")),
            Map.entry("requests.cpu", new Quantity("4")));
    assertThat(quota.get().getSpec().getScopes()).isNullOrEmpty();
    assertThat(plan(spec).limitRange()).isEmpty();
  }

  @Test
  void quotaDoesNotShareTheSpecMap() {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.resources.quota = new QuotaSpec();
    spec.resources.quota.hard.put("pods", new Quantity("20"));

    plan(spec).quota().orElseThrow().getSpec().getHard().put("secrets", new Quantity("1"));

    assertThat(spec.resources.quota.hard).containsOnlyKeys("pods");
  }

  @Test
  void limitRangeIsOneContainerItemWithTheGivenBounds() {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    LimitRangeSpec limits = new LimitRangeSpec();
    limits.defaultRequest.put("cpu", new Quantity("100m"));
    limits.defaultLimit.put("cpu", new Quantity("500m"));
    limits.defaultLimit.put("memory", new Quantity("256Mi"));
    limits.max.put("cpu", new Quantity("2"));
    limits.min.put("memory", new Quantity("16Mi"));
    spec.resources.limitRange = limits;

    Optional<LimitRange> limitRange = plan(spec).limitRange();

    assertThat(limitRange).isPresent();
    assertOwned(limitRange.get(), "bulwark-limits");
    assertThat(limitRange.get().getKind()).isEqualTo("LimitRange");
    assertThat(limitRange.get().getSpec().getLimits()).hasSize(1);
    LimitRangeItem item = limitRange.get().getSpec().getLimits().get(0);
    assertThat(item.getType()).isEqualTo("Container");
    assertThat(item.getDefaultRequest())
        .as("memory's default request falls back to its default limit, as the API server does")
        .isEqualTo(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")));
    assertThat(item.getDefault())
        .isEqualTo(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi")));
    assertThat(item.getMax()).isEqualTo(Map.of("cpu", new Quantity("2")));
    assertThat(item.getMin()).isEqualTo(Map.of("memory", new Quantity("16Mi")));
    assertThat(item.getMaxLimitRequestRatio()).isNullOrEmpty();
    assertThat(plan(spec).quota()).isEmpty();
  }

  @Test
  void limitRangeSpellsOutTheDefaultsTheApiServerWouldAdd() {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.resources.limitRange = new LimitRangeSpec();
    spec.resources.limitRange.max.put("memory", new Quantity("1Gi"));
    spec.resources.limitRange.min.put("cpu", new Quantity("50m"));

    LimitRangeItem item = plan(spec).limitRange().orElseThrow().getSpec().getLimits().get(0);

    assertThat(item.getMax()).isEqualTo(Map.of("memory", new Quantity("1Gi")));
    assertThat(item.getDefault()).isEqualTo(Map.of("memory", new Quantity("1Gi")));
    assertThat(item.getDefaultRequest())
        .isEqualTo(Map.of("memory", new Quantity("1Gi"), "cpu", new Quantity("50m")));
    assertThat(item.getMin()).isEqualTo(Map.of("cpu", new Quantity("50m")));
  }

  @Test
  void emptyLimitRangeBoundsAreLeftOutNotSentEmpty() {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.resources.limitRange = new LimitRangeSpec();
    spec.resources.limitRange.defaultRequest.put("cpu", new Quantity("100m"));

    LimitRangeItem item = plan(spec).limitRange().orElseThrow().getSpec().getLimits().get(0);

    assertThat(item.getDefaultRequest()).isEqualTo(Map.of("cpu", new Quantity("100m")));
    assertThat(item.getDefault()).isNull();
    assertThat(item.getMax()).isNull();
    assertThat(item.getMin()).isNull();
  }

  @Test
  void everyOwnedObjectIsLabelledForItsBaselineInItsNamespace() {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.network.allowSameNamespace = true;
    spec.network.allowFromNamespaces = INGRESS_NS;
    spec.resources.quota = new QuotaSpec();
    spec.resources.limitRange = new LimitRangeSpec();

    NamespacePlan plan = NamespacePlanner.plan(baseline("team-baseline", spec), "ns-b");

    List<HasMetadata> owned = new ArrayList<>(plan.networkPolicies());
    owned.add(plan.quota().orElseThrow());
    owned.add(plan.limitRange().orElseThrow());
    assertThat(owned).hasSize(6);
    for (HasMetadata object : owned) {
      assertThat(object.getMetadata().getNamespace()).isEqualTo("ns-b");
      assertThat(object.getMetadata().getLabels())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  Ownership.MANAGED_BY_LABEL,
                  "bulwark",
                  Ownership.BASELINE_LABEL,
                  "team-baseline"));
    }
  }

  private static NamespacePlan plan(SecurityBaselineSpec spec) {
    return NamespacePlanner.plan(baseline(OWNER, spec), NS);
  }

  private static void assertOwned(HasMetadata object, String name) {
    assertThat(object.getMetadata().getName()).isEqualTo(name);
    assertThat(object.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(object.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(OWNED);
  }
}
