package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.Violation;
import dev.bulwark.operator.baseline.ConditionTypes;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.Workloads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Audit mode reports violations and writes nothing but the baseline's status. */
@LocalCluster(controllerManager = true)
class AuditModeIT extends OperatorTestBase {

  @Test
  void auditReportsViolationsAndWritesNothingToTheNamespace() throws InterruptedException {
    String ns = namespace(Map.of());
    client.resource(Workloads.privileged(ns, "insecure")).create();
    client.resource(Workloads.restricted(ns, "secure")).create();
    awaitDefaultServiceAccount(ns);
    List<String> before = ownedStateVersions(ns);

    baseline(
        "audit-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        mode: Audit
        podSecurity: {level: restricted}
        network: {defaultDeny: [Ingress, Egress]}
        serviceAccounts: {automountToken: false, allServiceAccounts: true}
        resources:
          quota: {hard: {pods: "10"}}
          limitRange: {default: {cpu: 500m}}
        """);

    awaitStatus(
        "audit-" + team,
        sb -> {
          assertThat(sb.getStatus().namespaces.matched()).isEqualTo(1);
          assertThat(sb.getStatus().namespaces.compliant()).isZero();
          assertThat(sb.getStatus().violations.top())
              .extracting(Violation::name, Violation::check)
              .contains(
                  org.assertj.core.groups.Tuple.tuple("insecure", "privileged"),
                  org.assertj.core.groups.Tuple.tuple("insecure", "runAsNonRoot"));
          assertThat(sb.getStatus().violations.top())
              .extracting(Violation::name)
              .doesNotContain("secure");
          assertThat(condition(sb, ConditionTypes.COMPLIANT).getStatus()).isEqualTo("False");
          assertThat(condition(sb, ConditionTypes.READY).getStatus()).isEqualTo("True");
        });
    Thread.sleep(3000);

    assertThat(ownedStateVersions(ns))
        .as("namespace, policies, quotas, limits, service accounts")
        .isEqualTo(before);
  }

  private void awaitDefaultServiceAccount(String ns) {
    org.awaitility.Awaitility.await()
        .atMost(CONVERGE)
        .until(() -> client.serviceAccounts().inNamespace(ns).withName("default").get() != null);
  }
}
