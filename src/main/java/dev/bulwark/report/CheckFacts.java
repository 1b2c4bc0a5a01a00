package dev.bulwark.report;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.network.TenantNetworkRule;
import dev.bulwark.policy.vulnerabilities.VulnerabilityCheck;
import dev.bulwark.rbac.RbacCheck;
import java.util.Optional;

/**
 * What reports say about a check besides its id, whichever rule book it comes from: the workload
 * checks of {@link RuleCatalog}, the RBAC checks of {@link RbacCheck}, or the tenant NetworkPolicy
 * check ({@link TenantNetworkRule#CHECK}).
 *
 * @param id the check id, as in a baseline's status
 * @param category the rule book: {@code Pod Security Standards}, {@code Bulwark hardening}, {@code
 *     RBAC}, {@code Network isolation} or {@code Image vulnerabilities}; {@code Unknown} for an id
 *     none knows
 * @param severity lower-case severity: {@code critical}, {@code high}, {@code medium} or {@code
 *     low} ({@code medium} for an unknown id)
 * @param cisControl the CIS Kubernetes Benchmark section 5 control the check implements, e.g.
 *     {@code 5.2.7}, or null when none applies; image vulnerabilities are {@code high} here, and
 *     each of their results carries the severity of its worst vulnerability
 */
public record CheckFacts(String id, String category, String severity, String cisControl) {

  /** The facts of {@code checkId}; never null. */
  public static CheckFacts of(String checkId) {
    Optional<CheckInfo> workload = RuleCatalog.byId(checkId);
    if (workload.isPresent()) {
      CheckInfo info = workload.get();
      return new CheckFacts(
          checkId,
          switch (info.standard()) {
            case PSS -> "Pod Security Standards";
            case BULWARK -> "Bulwark hardening";
          },
          info.severity().label(),
          info.cisControl());
    }
    if (VulnerabilityCheck.ID.equals(checkId)) {
      return new CheckFacts(checkId, "Image vulnerabilities", "high", null);
    }
    Optional<RbacCheck> rbac = RbacCheck.byId(checkId);
    if (rbac.isPresent()) {
      return new CheckFacts(checkId, "RBAC", rbac.get().severity().id(), rbac.get().cisControl());
    }
    if (TenantNetworkRule.CHECK.equals(checkId)) {
      // A tenant's NetworkPolicy undoing default-deny; CIS 5.3.2 asks for network policies.
      return new CheckFacts(checkId, "Network isolation", "high", "5.3.2");
    }
    return new CheckFacts(checkId, "Unknown", "medium", null);
  }

  /** Sort rank of the severity: 0 for critical, up to 3 for low. */
  public int severityRank() {
    return switch (severity) {
      case "critical" -> 0;
      case "high" -> 1;
      case "medium" -> 2;
      default -> 3;
    };
  }
}
