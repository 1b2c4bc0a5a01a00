package dev.bulwark.operator.baseline;

import dev.bulwark.admission.TenantNetworkPolicies;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.operator.ledger.NamespaceEvaluation;
import dev.bulwark.plan.TenantNetworkRules;
import dev.bulwark.policy.network.TenantNetworkRule;
import java.util.List;

/**
 * Sets {@link ConditionTypes#TENANT_POLICIES_REOPEN}: the NetworkPolicies of governed namespaces
 * found reopening a denied direction, by name, so that the status names them before a Deny binding
 * starts refusing changes to them (see {@code operator.admission.TenantPolicyPreview}).
 */
final class TenantPoliciesCondition {

  private TenantPoliciesCondition() {}

  static void set(
      Conditions conditions, SecurityBaseline baseline, List<NamespaceEvaluation> governed) {
    if (baseline.getSpec() == null || TenantNetworkRules.of(baseline).isEmpty()) {
      conditions.set(
          ConditionTypes.TENANT_POLICIES_REOPEN,
          false,
          "NotChecked",
          "tenant NetworkPolicies are not checked (tenantPolicies.action Allow, or no direction"
              + " denied)");
      return;
    }
    List<String> found =
        governed.stream()
            .flatMap(report -> report.violations().stream())
            .filter(v -> TenantNetworkRule.CHECK.equals(v.check()))
            .map(TenantPoliciesCondition::name)
            .distinct()
            .sorted()
            .toList();
    if (found.isEmpty()) {
      conditions.set(
          ConditionTypes.TENANT_POLICIES_REOPEN,
          false,
          "NoneFound",
          "no NetworkPolicy reopens a direction the baseline denies");
      return;
    }
    String consequence =
        TenantNetworkPolicies.deniesWhenPreviewed(baseline)
            ? "; creating such a policy or changing its spec is refused at admission"
            : "; reported only (admission warns)";
    conditions.set(
        ConditionTypes.TENANT_POLICIES_REOPEN,
        true,
        "Found",
        found.size()
            + " NetworkPolicy(ies) reopen a direction the baseline denies: "
            + StatusAggregator.names(found)
            + consequence);
  }

  private static String name(Violation violation) {
    return violation.namespace() + "/" + violation.name();
  }
}
