package dev.bulwark.operator.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineSpec;
import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.rbac.RbacCheck;
import dev.bulwark.rbac.RbacFinding;
import dev.bulwark.rbac.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceAuditorTest {

  @Test
  void aClusterAdminBindingIsReportedOnceNotOncePerImpliedPattern() {
    List<RbacFinding> findings =
        List.of(
            finding(RbacCheck.ClusterAdminBinding, "admin", "ServiceAccount:a/deployer"),
            finding(RbacCheck.WildcardRules, "admin", "ServiceAccount:a/deployer"),
            finding(RbacCheck.SecretsReadAll, "admin", "ServiceAccount:a/deployer"),
            finding(RbacCheck.SecretsReadAll, "reader", "ServiceAccount:a/deployer"),
            finding(RbacCheck.WildcardRules, "admin", "User:alice"));

    assertThat(NamespaceAuditor.withoutImpliedByClusterAdmin(findings))
        .extracting(f -> f.check() + " " + f.bindingName() + " " + f.subject())
        .containsExactly(
            "ClusterAdminBinding admin ServiceAccount:a/deployer",
            "SecretsReadAll reader ServiceAccount:a/deployer",
            "WildcardRules admin User:alice");
  }

  @Test
  void oneEngineIsBuiltPerBaselineGenerationAndReplacedWhenTheSpecChanges() {
    NamespaceAuditor auditor = new NamespaceAuditor();
    SecurityBaseline first = baseline("uid-1", 1);
    SecurityBaseline other = baseline("uid-2", 1);

    PolicyEngine engine = auditor.engine(first);

    assertThat(auditor.engine(baseline("uid-1", 1))).isSameAs(engine);
    assertThat(auditor.engine(other)).isNotSameAs(engine);
    PolicyEngine next = auditor.engine(baseline("uid-1", 2));
    assertThat(next).isNotSameAs(engine);
    assertThat(auditor.engine(baseline("uid-1", 2))).isSameAs(next);
  }

  private static SecurityBaseline baseline(String uid, long generation) {
    SecurityBaseline baseline = new SecurityBaseline();
    baseline.setSpec(new SecurityBaselineSpec());
    baseline.getMetadata().setName("b");
    baseline.getMetadata().setUid(uid);
    baseline.getMetadata().setGeneration(generation);
    return baseline;
  }

  private static RbacFinding finding(RbacCheck check, String binding, String subject) {
    return new RbacFinding(
        check,
        "a",
        "ClusterRoleBinding",
        null,
        binding,
        "ClusterRole",
        "cluster-admin",
        subject,
        "message",
        Severity.HIGH,
        "fix it");
  }
}
