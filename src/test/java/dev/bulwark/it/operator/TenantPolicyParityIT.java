package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.admission.GeneratedPolicies;
import dev.bulwark.admission.TenantPolicyGenerator;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.TenantNetworkRules;
import dev.bulwark.policy.network.TenantNetworkRule;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.Tenants;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The tenant NetworkPolicy rule is one rule: the audit's Java ({@link TenantNetworkRule}) and the
 * generated ValidatingAdmissionPolicy's CEL give the same verdict and name the same rules and peers
 * on policies near every boundary ({@link TenantPolicyGenerator}, seed 20260421, {@code
 * -Dbulwark.oracle.seed=N} varies it, {@code -Dbulwark.tenant.policies=N} sets the count). Each is
 * sent by the namespace's admin as a server-side dry-run create into a namespace governed by an
 * Enforce baseline: refused exactly when the Java rule finds a reopening, with the Java message.
 * Policies the API server rejects for another reason (validation) are counted and skipped.
 */
@LocalCluster
class TenantPolicyParityIT {

  static final String SPEC =
      """
      namespaceSelector: {matchLabels: {team: %s}}
      podSecurity: {level: baseline}
      rbac: {forbid: []}
      network:
        defaultDeny: [Ingress, Egress]
        allowDNS: true
        dns:
          ipBlocks: [169.254.20.10/32]
          ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}, {port: 5353, protocol: UDP}]
        allowFromNamespaces:
          matchLabels: {ingress: "true"}
          matchExpressions:
            - {key: zone, operator: In, values: [a, b]}
            - {key: tier, operator: NotIn, values: [db]}
            - {key: edge, operator: Exists}
            - {key: quarantine, operator: DoesNotExist}
        tenantPolicies: {allowedIPBlocks: [10.20.0.0/16, "fd00:20::/32"]}
      exceptions:
        - checks: [tenantNetworkPolicy]
          selector: {matchLabels: {exempt: "yes"}}
          reason: "parity: labels of the policy"
      """;

  @Test
  void admissionAndAuditAgreeOnGeneratedPolicies(TestCluster cluster) {
    long seed = Long.getLong("bulwark.oracle.seed", 20260421L);
    int count = Integer.getInteger("bulwark.tenant.policies", 600);
    String team = "p" + UUID.randomUUID().toString().substring(0, 8);
    String name = "parity-" + team;
    String ns = cluster.createNamespace(Map.of("team", team));
    try (RunningOperator operator = RunningOperator.start(cluster);
        KubernetesClient admin = cluster.newClient();
        KubernetesClient tenant = Tenants.admin(cluster, ns, "owner-" + team)) {
      admin.resource(GeneratedPolicies.baseline(name, SPEC.formatted(team))).create();
      NetworkPolicy allowAll =
          Serialization.unmarshal(
              "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open}\n"
                  + "spec: {podSelector: {}, ingress: [{}]}",
              NetworkPolicy.class);
      await()
          .atMost(GeneratedPolicies.CONVERGE)
          .until(() -> verdict(tenant, ns, allowAll) instanceof Verdict.Refused);
      SecurityBaseline live = admin.resources(SecurityBaseline.class).withName(name).get();
      TenantNetworkRule rule = TenantNetworkRules.of(live).orElseThrow();
      ActiveExceptions exceptions = ActiveExceptions.at(live.getSpec().exceptions, Instant.now());

      TenantPolicyGenerator generator = new TenantPolicyGenerator(seed, ns);
      List<String> disagreements = new ArrayList<>();
      int refused = 0;
      int admitted = 0;
      int invalid = 0;
      for (int i = 0; i < count; i++) {
        NetworkPolicy policy = generator.next();
        List<String> paths =
            exceptions.covers(TenantNetworkRule.CHECK, ns, policy.getMetadata().getLabels())
                ? List.of()
                : rule.reopenings(policy, ns);
        Verdict verdict = verdict(tenant, ns, policy);
        switch (verdict) {
          case Verdict.Invalid v -> {
            if (invalid++ == 0) {
              System.out.println("first policy rejected as invalid: " + v.message());
            }
          }
          case Verdict.Admitted ignored -> {
            admitted++;
            if (!paths.isEmpty()) {
              disagreements.add(describe(policy) + ": admitted, Java found " + paths);
            }
          }
          case Verdict.Refused r -> {
            refused++;
            String expected = TenantNetworkRule.CHECK + ": " + rule.message(paths);
            if (paths.isEmpty() || !r.message().endsWith(expected)) {
              disagreements.add(
                  describe(policy) + ": refused with \"" + r.message() + "\", Java found " + paths);
            }
          }
        }
      }
      System.out.printf(
          "Tenant policy parity (seed %d): %d policies, %d refused, %d admitted, %d rejected by"
              + " validation, %d disagreements%n",
          seed, count, refused, admitted, invalid, disagreements.size());
      assertThat(disagreements).isEmpty();
      assertThat(refused).as("policies refused").isGreaterThan(count / 10);
      assertThat(admitted).as("policies admitted").isGreaterThan(count / 10);
      assertThat(invalid).as("policies the API server rejected as invalid").isLessThan(count / 4);
      admin.resources(SecurityBaseline.class).withName(name).delete();
    }
  }

  sealed interface Verdict {
    record Admitted() implements Verdict {}

    record Refused(String message) implements Verdict {}

    record Invalid(String message) implements Verdict {}
  }

  private static Verdict verdict(KubernetesClient tenant, String ns, NetworkPolicy policy) {
    try {
      tenant.network().networkPolicies().inNamespace(ns).resource(policy).dryRun().create();
      return new Verdict.Admitted();
    } catch (KubernetesClientException e) {
      String message = e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage();
      if (e.getCode() == 403 && message.contains("ValidatingAdmissionPolicy")) {
        return new Verdict.Refused(message);
      }
      if (e.getCode() == 422) {
        return new Verdict.Invalid(message);
      }
      throw e;
    }
  }

  private static String describe(NetworkPolicy policy) {
    return Serialization.asJson(policy);
  }
}
