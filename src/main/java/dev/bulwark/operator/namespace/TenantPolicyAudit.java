package dev.bulwark.operator.namespace;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.TenantNetworkRules;
import dev.bulwark.policy.network.TenantNetworkRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Audits the NetworkPolicies of one namespace against the baseline's {@link TenantNetworkRule}: one
 * violation per policy that reopens a denied direction, naming its rules and peers. Every policy is
 * judged, whoever wrote it (the cache does not say; Bulwark's own never reopen anything, and a
 * label is no proof of authorship).
 */
final class TenantPolicyAudit {

  private TenantPolicyAudit() {}

  static List<Violation> violations(
      String namespace,
      SecurityBaseline baseline,
      ActiveExceptions exceptions,
      NamespaceCaches caches) {
    Optional<TenantNetworkRule> rule = TenantNetworkRules.of(baseline);
    List<Violation> violations = new ArrayList<>();
    if (rule.isEmpty()) {
      return violations;
    }
    for (NetworkPolicy policy : caches.in(NetworkPolicy.class, namespace)) {
      List<String> paths = rule.get().reopenings(policy, namespace);
      if (!paths.isEmpty()
          && !exceptions.covers(
              TenantNetworkRule.CHECK, namespace, policy.getMetadata().getLabels())) {
        violations.add(
            new Violation(
                namespace,
                "NetworkPolicy",
                policy.getMetadata().getName(),
                TenantNetworkRule.CHECK,
                rule.get().message(paths)));
      }
    }
    return violations;
  }
}
