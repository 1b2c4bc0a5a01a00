package dev.bulwark.policy.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.plan.NamespacePlanner;
import dev.bulwark.plan.TenantNetworkRules;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tenant NetworkPolicy rule, case by case: what reopens a denied direction and what not. */
class TenantNetworkRuleTest {

  private static final String NS = "shop";

  private static final String BASELINE =
      """
      network:
        defaultDeny: [Ingress, Egress]
        allowDNS: true
        allowFromNamespaces: {matchLabels: {ingress: "true"}}
        tenantPolicies: {allowedIPBlocks: [10.20.0.0/16, "fd00:20::/32"]}
      """;

  static SecurityBaseline baseline(String spec) {
    return Serialization.unmarshal(
        "apiVersion: bulwark.dev/v1alpha1\nkind: SecurityBaseline\nmetadata: {name: b}\nspec:\n"
            + spec.stripIndent().indent(2),
        SecurityBaseline.class);
  }

  static NetworkPolicy policy(String spec) {
    return Serialization.unmarshal(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: "
            + NS
            + "}\nspec:\n"
            + spec.stripIndent().indent(2),
        NetworkPolicy.class);
  }

  static List<String> reopenings(String baselineSpec, String policySpec) {
    TenantNetworkRule rule = TenantNetworkRules.of(baseline(baselineSpec)).orElseThrow();
    return rule.reopenings(policy(policySpec), NS);
  }

  /** Each case: a policy spec (one line of flow YAML) and the paths it reopens ("" for none). */
  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        // The allow-all: every pod, every peer, both ways.
        "{podSelector: {}, policyTypes: [Ingress, Egress], ingress: [{}], egress: [{}]}"
            + " | spec.ingress[0], spec.egress[0]",
        // Empty from/to lists allow every peer too.
        "{podSelector: {}, policyTypes: [Ingress], ingress: [{from: []}]} | spec.ingress[0]",
        // Policy types inferred as the API server does: Egress only when there are egress rules.
        "{podSelector: {}, egress: [{}]} | spec.egress[0]",
        "{podSelector: {}, ingress: [{}]} | spec.ingress[0]",
        "{podSelector: {}, policyTypes: [Egress], ingress: [{}]} | ''",
        // Narrow micro-segmentation in the namespace stays allowed, on any port.
        "{podSelector: {matchLabels: {app: b}}, policyTypes: [Ingress], ingress: [{from:"
            + " [{podSelector: {matchLabels: {app: a}}}], ports: [{port: 8080}]}]} | ''",
        "{podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {}}]}]} | ''",
        "{podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector:"
            + " {matchLabels: {kubernetes.io/metadata.name: shop}}}]}]} | ''",
        // Every namespace, or another tenant's namespace, is not.
        "{podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector:"
            + " {}}]}]} | spec.ingress[0].from[0]",
        "{podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {},"
            + " namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: other}}}]}]}"
            + " | spec.ingress[0].from[0]",
        // allowFromNamespaces: its requirements, perhaps narrowed; Ingress only.
        "{podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector:"
            + " {matchLabels: {ingress: 'true'}}}]}]} | ''",
        "{podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector:"
            + " {matchLabels: {ingress: 'true', zone: a}}, podSelector: {matchLabels: {app:"
            + " lb}}}]}]} | ''",
        "{podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector:"
            + " {matchLabels: {ingress: 'false'}}}]}]} | spec.ingress[0].from[0]",
        "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{namespaceSelector:"
            + " {matchLabels: {ingress: 'true'}}}]}]} | spec.egress[0].to[0]",
        // DNS: the servers, on DNS ports only.
        "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{namespaceSelector: {matchLabels:"
            + " {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app:"
            + " kube-dns}}}], ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}]} |"
            + " ''",
        "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{namespaceSelector: {matchLabels:"
            + " {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app:"
            + " kube-dns}}}], ports: [{port: 8080}]}]} | spec.egress[0].to[0]",
        "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{namespaceSelector: {matchLabels:"
            + " {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app:"
            + " kube-dns}}}]}]} | spec.egress[0].to[0]",
        "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{namespaceSelector: {matchLabels:"
            + " {kubernetes.io/metadata.name: kube-system}}}], ports: [{port: 53, protocol: UDP}]}]}"
            + " | spec.egress[0].to[0]",
        "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{namespaceSelector: {matchLabels:"
            + " {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app:"
            + " kube-dns}}}], ports: [{port: 53, endPort: 60, protocol: UDP}]}]}"
            + " | spec.egress[0].to[0]",
        // Addresses: within allowedIPBlocks (except only narrows), any port; wider is not.
        "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr:"
            + " 10.20.3.0/24}}]}]} | ''",
        "{podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{ipBlock: {cidr:"
            + " 10.20.0.0/16, except: [10.20.1.0/24]}}]}]} | ''",
        "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr:"
            + " 10.0.0.0/8}}]}]} | spec.egress[0].to[0]",
        "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0,"
            + " except: [10.0.0.0/8]}}]}]} | spec.egress[0].to[0]",
        "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr:"
            + " 'fd00:20:1::/48'}}]}]} | ''",
        "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: '::/0'}}]}]}"
            + " | spec.egress[0].to[0]",
        // Several rules and peers: each offending one named, in order.
        "{podSelector: {}, policyTypes: [Ingress, Egress], ingress: [{from: [{podSelector: {}},"
            + " {namespaceSelector: {}}]}, {from: [{ipBlock: {cidr: 1.2.3.4/32}}]}], egress:"
            + " [{to: [{podSelector: {}}]}, {}]} | spec.ingress[0].from[1],"
            + " spec.ingress[1].from[0], spec.egress[1]",
      })
  void reopeningsAreNamedByPath(String policySpec, String expected) {
    List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(", "));
    assertThat(reopenings(BASELINE, policySpec)).isEqualTo(want);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{defaultDeny: [Ingress]}",
        "{defaultDeny: [Egress], allowDNS: false}",
      })
  void onlyDeniedDirectionsAreChecked(String network) {
    TenantNetworkRule rule = TenantNetworkRules.of(baseline("network: " + network)).orElseThrow();
    List<String> paths =
        rule.reopenings(
            policy(
                "{podSelector: {}, policyTypes: [Ingress, Egress], ingress: [{}], egress: [{}]}"),
            NS);
    assertThat(paths).hasSize(1);
    assertThat(paths.get(0))
        .startsWith(network.contains("[Ingress]") ? "spec.ingress" : "spec.egress");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "network: {defaultDeny: []}",
        "network: {defaultDeny: [Ingress, Egress], tenantPolicies: {action: Allow}}",
      })
  void noRuleWhenNothingIsDeniedOrTheActionIsAllow(String spec) {
    assertThat(TenantNetworkRules.of(baseline(spec))).isEmpty();
  }

  /** Bulwark's own policies never reopen what the same baseline denies. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "network: {defaultDeny: [Ingress, Egress], allowDNS: true, allowSameNamespace: true,"
            + " allowFromNamespaces: {matchLabels: {a: b}}}",
        "network: {defaultDeny: [Ingress, Egress], dns: {ipBlocks: [169.254.20.10/32],"
            + " namespaceSelector: {matchExpressions: [{key: k, operator: In, values: [x, y]}]},"
            + " ports: [{port: 5353}]}}",
        "network: {defaultDeny: [Egress], dns: {namespaceSelector: {matchLabels: {x: y}},"
            + " podSelector: {matchExpressions: [{key: app, operator: Exists}, {key: tier,"
            + " operator: NotIn, values: [web]}, {key: old, operator: DoesNotExist}]}}}",
        "network: {defaultDeny: [Ingress], allowSameNamespace: true, allowFromNamespaces: {}}",
      })
  void bulwarksOwnPoliciesPass(String spec) {
    SecurityBaseline baseline = baseline(spec);
    TenantNetworkRule rule = TenantNetworkRules.of(baseline).orElseThrow();
    List<NetworkPolicy> planned = NamespacePlanner.plan(baseline, NS).networkPolicies();
    assertThat(planned).isNotEmpty();
    for (NetworkPolicy policy : planned) {
      assertThat(rule.reopenings(policy, NS)).as(policy.getMetadata().getName()).isEmpty();
    }
  }

  @org.junit.jupiter.api.Test
  void messageNamesTheBaselinePathsAndWhatIsAllowed() {
    TenantNetworkRule rule = TenantNetworkRules.of(baseline(BASELINE)).orElseThrow();
    assertThat(rule.message(List.of("spec.ingress[0]", "spec.egress[1].to[0]")))
        .isEqualTo(
            "allows traffic that baseline b denies at spec.ingress[0], spec.egress[1].to[0]"
                + " (allowed where denied by default: Ingress: pods of this namespace, namespaces"
                + " of allowFromNamespaces, allowedIPBlocks; Egress: pods of this namespace, DNS"
                + " servers on 53/UDP 53/TCP, allowedIPBlocks; ask for an exception for check"
                + " tenantNetworkPolicy otherwise)");
  }
}
