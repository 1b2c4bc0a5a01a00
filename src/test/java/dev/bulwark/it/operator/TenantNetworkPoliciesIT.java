package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.Tenants;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, behaviour 2: a namespace owner's NetworkPolicy cannot reopen what the baseline's
 * default-deny closed. The allow-all policy is refused at admission in Enforce mode and
 * reported in Audit mode, naming the policy and its rules; narrow micro-segmentation, DNS to
 * kube-dns and peers the baseline lists stay allowed; an exception covers a policy by its labels;
 * the policies that existed before are named in status before refusal starts.
 */
@LocalCluster
class TenantNetworkPoliciesIT extends OperatorTestBase {

  private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

  /** The policy: every pod open again, both ways. */
  static final String ALLOW_ALL =
      "{podSelector: {}, policyTypes: [Ingress, Egress], ingress: [{}], egress: [{}]}";

  static NetworkPolicy policy(String name, Map<String, String> labels, String spec) {
    NetworkPolicy policy =
        Serialization.unmarshal(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: "
                + name
                + "}\nspec: "
                + spec,
            NetworkPolicy.class);
    policy.getMetadata().setLabels(labels);
    return policy;
  }

  /** The API server's refusal of creating {@code policy} as {@code tenant}, or null if admitted. */
  static String create(KubernetesClient tenant, String ns, NetworkPolicy policy, boolean dryRun) {
    try {
      var resource = tenant.network().networkPolicies().inNamespace(ns).resource(policy);
      if (dryRun) {
        resource.dryRun().create();
      } else {
        resource.create();
      }
      return null;
    } catch (KubernetesClientException e) {
      assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403);
      return e.getStatus().getMessage();
    }
  }

  @Test
  void anAllowAllPolicyIsRefusedInEnforceAndNarrowOnesAreAdmitted() {
    String ns = namespace(Map.of());
    String name = "enforce-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: baseline}
        rbac: {forbid: []}
        network: {defaultDeny: [Ingress, Egress]}
        """);
    try (KubernetesClient tenant = Tenants.admin(cluster, ns, "alice-" + team)) {
      // Refusal starts once the status has previewed the baseline's generation.
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(create(tenant, ns, policy("open", Map.of(), ALLOW_ALL), true))
                      .as("the API server's refusal of the allow-all policy (dry run)")
                      .isNotNull());
      assertThat(create(tenant, ns, policy("open", Map.of(), ALLOW_ALL), false))
          .contains("ValidatingAdmissionPolicy 'bulwark-" + name + "-tenant-network-policy'")
          .contains(
              "tenantNetworkPolicy: allows traffic that baseline "
                  + name
                  + " denies at spec.ingress[0], spec.egress[0]");
      assertThat(
              create(
                  tenant,
                  ns,
                  policy(
                      "all-namespaces",
                      Map.of(),
                      "{podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{podSelector:"
                          + " {}}, {namespaceSelector: {}}]}]}"),
                  false))
          .contains("denies at spec.ingress[0].from[1] (");
      assertThat(
              create(
                  tenant,
                  ns,
                  policy(
                      "internet",
                      Map.of(),
                      "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr:"
                          + " 0.0.0.0/0}}]}]}"),
                  false))
          .contains("denies at spec.egress[0].to[0] (");

      // Narrow micro-segmentation and DNS: admitted.
      assertThat(
              create(
                  tenant,
                  ns,
                  policy(
                      "a-to-b",
                      Map.of(),
                      "{podSelector: {matchLabels: {app: b}}, policyTypes: [Ingress], ingress:"
                          + " [{from: [{podSelector: {matchLabels: {app: a}}}], ports: [{port:"
                          + " 8080}]}]}"),
                  false))
          .as("pod A may reach pod B on 8080")
          .isNull();
      assertThat(
              create(
                  tenant,
                  ns,
                  policy(
                      "dns",
                      Map.of(),
                      "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{namespaceSelector:"
                          + " {matchLabels: {kubernetes.io/metadata.name: kube-system}},"
                          + " podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{port:"
                          + " 53, protocol: UDP}, {port: 53, protocol: TCP}]}]}"),
                  false))
          .as("DNS to kube-dns")
          .isNull();

      // A change that reopens is refused; a metadata change of the same policy is not.
      var aToB = tenant.network().networkPolicies().inNamespace(ns).withName("a-to-b");
      assertThatThrownBy(
              () ->
                  aToB.patch(
                      MERGE, "{\"spec\":{\"ingress\":[{\"from\":[{\"namespaceSelector\":{}}]}]}}"))
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("tenantNetworkPolicy");
      aToB.patch(MERGE, "{\"metadata\":{\"labels\":{\"owner\":\"alice\"}}}");
    }
    awaitStatus(
        name,
        sb -> {
          assertThat(condition(sb, "TenantPoliciesReopen").getStatus()).isEqualTo("False");
          assertThat(condition(sb, "Compliant").getStatus())
              .as(condition(sb, "Compliant").getMessage() + " " + sb.getStatus().violations)
              .isEqualTo("True");
        });
  }

  @Test
  void peersTheBaselineListsAreAdmitted() {
    String ns = namespace(Map.of());
    String name = "listed-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: baseline}
        rbac: {forbid: []}
        network:
          defaultDeny: [Ingress, Egress]
          allowFromNamespaces: {matchLabels: {ingress: "true"}}
          tenantPolicies: {allowedIPBlocks: [10.20.0.0/16]}
        """);
    try (KubernetesClient tenant = Tenants.admin(cluster, ns, "alice-" + team)) {
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(create(tenant, ns, policy("open", Map.of(), ALLOW_ALL), true))
                      .isNotNull());
      assertThat(
              create(
                  tenant,
                  ns,
                  policy(
                      "from-ingress-controller",
                      Map.of(),
                      "{podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress], ingress:"
                          + " [{from: [{namespaceSelector: {matchLabels: {ingress: 'true'}},"
                          + " podSelector: {matchLabels: {app: nginx}}}]}]}"),
                  false))
          .as("from allowFromNamespaces")
          .isNull();
      assertThat(
              create(
                  tenant,
                  ns,
                  policy(
                      "database",
                      Map.of(),
                      "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr:"
                          + " 10.20.5.0/24}}], ports: [{port: 5432}]}]}"),
                  false))
          .as("to allowedIPBlocks")
          .isNull();
      assertThat(
              create(
                  tenant,
                  ns,
                  policy(
                      "wider",
                      Map.of(),
                      "{podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr:"
                          + " 10.0.0.0/8}}]}]}"),
                  false))
          .as("wider than allowedIPBlocks")
          .contains("denies at spec.egress[0].to[0] (");
      assertThat(
              create(
                  tenant,
                  ns,
                  policy(
                      "other-namespaces",
                      Map.of(),
                      "{podSelector: {}, policyTypes: [Ingress], ingress: [{from:"
                          + " [{namespaceSelector: {matchLabels: {ingress: 'false'}}}]}]}"),
                  false))
          .as("namespaces outside allowFromNamespaces")
          .contains("denies at spec.ingress[0].from[0] (");
    }
  }

  @Test
  void anAllowAllPolicyIsReportedInAuditNamingThePolicyAndItsRules() {
    String ns = namespace(Map.of());
    String name = "audit-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        mode: Audit
        podSecurity: {level: baseline}
        network: {defaultDeny: [Ingress, Egress]}
        """);
    awaitStatus(name, sb -> assertThat(condition(sb, "Ready").getStatus()).isEqualTo("True"));
    try (KubernetesClient tenant = Tenants.admin(cluster, ns, "alice-" + team)) {
      assertThat(create(tenant, ns, policy("open", Map.of(), ALLOW_ALL), false))
          .as("Audit mode refuses nothing")
          .isNull();
    }
    awaitStatus(
        name,
        sb -> {
          assertThat(sb.getStatus().violations.top())
              .contains(
                  new Violation(
                      ns,
                      "NetworkPolicy",
                      "open",
                      "tenantNetworkPolicy",
                      "allows traffic that baseline "
                          + name
                          + " denies at spec.ingress[0], spec.egress[0] (allowed where denied by"
                          + " default: Ingress: pods of this namespace; Egress: pods of this"
                          + " namespace, DNS servers on 53/UDP 53/TCP; ask for an exception for"
                          + " check tenantNetworkPolicy otherwise)"));
          assertThat(condition(sb, "Compliant").getStatus()).isEqualTo("False");
          assertThat(condition(sb, "TenantPoliciesReopen").getMessage())
              .contains(ns + "/open")
              .contains("reported only");
        });
  }

  @Test
  void existingPoliciesAreNamedBeforeRefusalStartsAndAnExceptionCoversAPolicy() {
    String ns = namespace(Map.of());
    String name = "preview-" + team;
    try (KubernetesClient tenant = Tenants.admin(cluster, ns, "alice-" + team)) {
      // Before any baseline governs the namespace.
      assertThat(create(tenant, ns, policy("legacy-open", Map.of(), ALLOW_ALL), false)).isNull();
      baseline(
          name,
          """
          namespaceSelector: {matchLabels: {team: %s}}
          podSecurity: {level: baseline}
          network: {defaultDeny: [Ingress]}
          exceptions:
            - checks: [tenantNetworkPolicy]
              selector: {matchLabels: {exposure: approved}}
              reason: "SEC-42: the public API gateway"
          """);
      String binding = "bulwark-" + name + "-tenant-network-policy";
      await()
          .atMost(CONVERGE)
          .ignoreExceptionsInstanceOf(NullPointerException.class)
          .untilAsserted(
              () ->
                  assertThat(
                          client
                              .admissionRegistration()
                              .v1()
                              .validatingAdmissionPolicyBindings()
                              .withName(binding)
                              .get()
                              .getSpec()
                              .getValidationActions())
                      .containsExactly("Deny"));
      // By the time refusal started, the status named the policy it will refuse to change.
      SecurityBaseline previewed = get(name);
      assertThat(condition(previewed, "TenantPoliciesReopen").getStatus()).isEqualTo("True");
      assertThat(condition(previewed, "TenantPoliciesReopen").getMessage())
          .contains(ns + "/legacy-open")
          .contains("refused at admission");
      assertThat(condition(previewed, "TenantPoliciesReopen").getObservedGeneration())
          .isEqualTo(previewed.getMetadata().getGeneration());

      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(create(tenant, ns, policy("open", Map.of(), ALLOW_ALL), true))
                      .isNotNull());
      assertThat(
              create(
                  tenant, ns, policy("gateway", Map.of("exposure", "approved"), ALLOW_ALL), false))
          .as("covered by the exception")
          .isNull();
      // The existing policy's metadata may change, and it may be deleted; not reopened further.
      var legacy = tenant.network().networkPolicies().inNamespace(ns).withName("legacy-open");
      legacy.patch(MERGE, "{\"metadata\":{\"labels\":{\"owner\":\"alice\"}}}");
      legacy.delete();
    }
    awaitStatus(
        name,
        sb -> {
          assertThat(condition(sb, "TenantPoliciesReopen").getStatus()).isEqualTo("False");
          assertThat(sb.getStatus().violations.top())
              .noneMatch(v -> v.check().equals("tenantNetworkPolicy"));
        });
  }

  @Test
  void reportActionReportsButAdmits() {
    String ns = namespace(Map.of());
    String name = "report-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: baseline}
        network: {defaultDeny: [Egress], tenantPolicies: {action: Report}}
        """);
    awaitStatus(name, sb -> assertThat(condition(sb, "Ready").getStatus()).isEqualTo("True"));
    try (KubernetesClient tenant = Tenants.admin(cluster, ns, "alice-" + team)) {
      assertThat(create(tenant, ns, policy("open", Map.of(), ALLOW_ALL), false)).isNull();
    }
    awaitStatus(
        name,
        sb ->
            assertThat(sb.getStatus().violations.top())
                .anyMatch(
                    v ->
                        v.name().equals("open")
                            && v.message().contains("denies at spec.egress[0] (")));
    List<String> actions =
        client
            .admissionRegistration()
            .v1()
            .validatingAdmissionPolicyBindings()
            .withName("bulwark-" + name + "-tenant-network-policy")
            .get()
            .getSpec()
            .getValidationActions();
    assertThat(actions).containsExactly("Warn", "Audit");
  }
}
