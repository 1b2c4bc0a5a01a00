package dev.bulwark.status;

import dev.bulwark.api.VulnerabilityStatus;
import java.util.List;

/**
 * Renders a {@link ComplianceStatus} as the text tables the demo prints: the baselines, their
 * namespaces, and the CIS summary when it was asked for.
 */
public final class StatusTable {

  private static final String BASELINE_ROW = "%-18s %-8s %-11s %-10s %-11s %-6s %-9s %s%n";
  private static final String NAMESPACE_ROW = "%-16s %-18s %-8s %-22s %-8s %-6s %-10s %s%n";
  private static final String CIS_ROW = "%-12s %-11s %s%n";
  private static final String VULNERABILITY_ROW = "%-18s %-10s %-10s %-12s %-11s %-8s %-8s %s%n";

  private StatusTable() {}

  /**
   * The check imageVulnerabilities of the baselines that run it, as a table of its own; nothing
   * when none does.
   */
  private static void vulnerabilities(ComplianceStatus status, StringBuilder text) {
    List<BaselineState> checking =
        status.baselines().stream().filter(b -> b.vulnerabilities() != null).toList();
    if (checking.isEmpty()) {
      return;
    }
    text.append(System.lineSeparator());
    text.append(
        String.format(
            VULNERABILITY_ROW,
            "BASELINE",
            "REPORTS",
            "WORKLOADS",
            "NOT SCANNED",
            "VULNERABLE",
            "REFUSED",
            "PENDING",
            "ADMISSION"));
    for (BaselineState b : checking) {
      VulnerabilityStatus v = b.vulnerabilities();
      text.append(
          String.format(
              VULNERABILITY_ROW,
              b.name(),
              v.reportsApi == null ? "-" : v.reportsApi,
              v.workloads,
              v.notScanned,
              v.vulnerable,
              v.imagesRefused,
              v.imagesPending,
              v.admission == null ? "-" : v.admission));
    }
  }

  /** The tables, each ending in a newline, separated by an empty line. */
  public static String render(ComplianceStatus status) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            BASELINE_ROW,
            "BASELINE",
            "MODE",
            "NAMESPACES",
            "COMPLIANT",
            "VIOLATIONS",
            "READY",
            "CONFLICT",
            "RESULT"));
    for (BaselineState b : status.baselines()) {
      text.append(
          String.format(
              BASELINE_ROW,
              b.name(),
              b.mode(),
              b.governed(),
              b.compliantNamespaces(),
              b.violations(),
              b.ready(),
              b.conflict(),
              b.result().label()));
    }
    vulnerabilities(status, text);
    text.append(System.lineSeparator());
    text.append(
        String.format(
            NAMESPACE_ROW,
            "NAMESPACE",
            "BASELINE",
            "MODE",
            "POD SECURITY",
            "NETPOLS",
            "QUOTA",
            "VIOLATIONS",
            "FIRST CHECKS"));
    for (NamespaceState n : status.namespaces()) {
      text.append(
          String.format(
              NAMESPACE_ROW,
              n.name(),
              n.baseline(),
              n.mode(),
              n.podSecurity(),
              n.networkPolicies(),
              n.quota() ? "yes" : "no",
              n.violations() == null ? "?" : n.violations(),
              n.firstChecks().isEmpty() ? "-" : String.join(",", n.firstChecks())));
    }
    List<CisControlCount> cis = status.cis();
    if (cis != null) {
      text.append(System.lineSeparator());
      text.append(String.format(CIS_ROW, "CIS CONTROL", "VIOLATIONS", "CHECKS"));
      for (CisControlCount row : cis) {
        text.append(
            String.format(
                CIS_ROW, row.control(), row.violations(), String.join(",", row.checks())));
      }
    }
    return text.toString();
  }
}
