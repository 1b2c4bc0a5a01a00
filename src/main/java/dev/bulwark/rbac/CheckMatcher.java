package dev.bulwark.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Decides whether a binding's role trips a check; the switch fails to compile for a new check. */
final class CheckMatcher {

  static final String CLUSTER_ADMIN = "cluster-admin";
  static final String CLUSTER_ROLE = RbacIndex.CLUSTER_ROLE;

  private CheckMatcher() {}

  /**
   * True when the bound role trips the check. {@code rules} is empty when the role is missing from
   * the snapshot: rule-based checks then find nothing, but cluster-admin still counts by name.
   */
  static boolean matches(RbacCheck check, BindingView binding, Optional<List<PolicyRule>> rules) {
    return switch (check) {
      case ClusterAdminBinding ->
          CLUSTER_ROLE.equals(binding.roleKind()) && CLUSTER_ADMIN.equals(binding.roleName());
      case WildcardRules -> anyRule(rules, RuleGrants::usesWildcard);
      case SecretsReadAll -> anyRule(rules, RuleGrants::readsAllSecrets);
      case EscalateBindImpersonate -> anyRule(rules, RuleGrants::escalatesPrivileges);
    };
  }

  private static boolean anyRule(
      Optional<List<PolicyRule>> rules, Predicate<PolicyRule> grantsTooMuch) {
    return rules.orElse(List.of()).stream().anyMatch(grantsTooMuch);
  }
}
