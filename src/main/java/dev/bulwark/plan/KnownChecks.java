package dev.bulwark.plan;

import dev.bulwark.policy.Level;
import dev.bulwark.policy.PolicyVersion;
import dev.bulwark.policy.hardening.HardeningCheckIds;
import dev.bulwark.policy.network.TenantNetworkRule;
import dev.bulwark.policy.pss.PssEvaluator;
import dev.bulwark.policy.vulnerabilities.VulnerabilityCheck;
import dev.bulwark.rbac.RbacCheck;
import java.util.Set;
import java.util.TreeSet;

/** Every check id a baseline may name in an exception or a forbid list. */
public final class KnownChecks {

  private KnownChecks() {}

  public static Set<String> ids() {
    Set<String> ids = new TreeSet<>(HardeningCheckIds.ALL);
    PssEvaluator pss = PssEvaluator.standard();
    ids.addAll(pss.checkIds(Level.BASELINE, PolicyVersion.LATEST));
    ids.addAll(pss.checkIds(Level.RESTRICTED, PolicyVersion.LATEST));
    ids.add(TenantNetworkRule.CHECK);
    ids.add(VulnerabilityCheck.ID);
    for (RbacCheck check : RbacCheck.values()) {
      ids.add(check.name());
    }
    return Set.copyOf(ids);
  }
}
