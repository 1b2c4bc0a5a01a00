package dev.bulwark.operator.namespace;

import static org.assertj.core.api.Assertions.assertThat;

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
