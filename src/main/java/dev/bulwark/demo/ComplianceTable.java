package dev.bulwark.demo;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.operator.ledger.NamespaceEvaluation;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Renders what the operator has done so far as a per-namespace table, read from the cluster. */
final class ComplianceTable {

  private static final String ROW = "%-16s %-18s %-8s %-22s %-8s %-6s %-10s %s%n";

  private final KubernetesClient client;

  ComplianceTable(KubernetesClient client) {
    this.client = client;
  }

  /** Prints one snapshot; returns its text without timestamps so callers can spot changes. */
  String print(PrintStream out, Collection<NamespaceEvaluation> reports, List<String> namespaces) {
    Map<String, NamespaceEvaluation> byName = new TreeMap<>();
    reports.forEach(r -> byName.put(r.namespace(), r));
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            ROW,
            "NAMESPACE",
            "BASELINE",
            "MODE",
            "POD SECURITY",
            "NETPOLS",
            "QUOTA",
            "VIOLATIONS",
            "FIRST CHECKS"));
    for (String name : namespaces) {
      Namespace namespace = client.namespaces().withName(name).get();
      NamespaceEvaluation report = byName.get(name);
      String governor = report == null || report.governor() == null ? "-" : report.governor();
      SecurityBaseline baseline =
          governor.equals("-")
              ? null
              : client.resources(SecurityBaseline.class).withName(governor).get();
      String mode = baseline == null ? "-" : baseline.getSpec().mode.name();
      Map<String, String> labels = namespace.getMetadata().getLabels();
      String podSecurity =
          labels.getOrDefault("pod-security.kubernetes.io/enforce", "-")
              + ":"
              + labels.getOrDefault("pod-security.kubernetes.io/enforce-version", "-");
      int policies =
          client.network().v1().networkPolicies().inNamespace(name).list().getItems().size();
      boolean quota = !client.resourceQuotas().inNamespace(name).list().getItems().isEmpty();
      List<Violation> violations = report == null ? List.of() : report.violations();
      String checks =
          violations.stream()
              .map(Violation::check)
              .distinct()
              .limit(3)
              .collect(Collectors.joining(","));
      text.append(
          String.format(
              ROW,
              name,
              governor,
              mode,
              podSecurity,
              policies,
              quota ? "yes" : "no",
              violations.size(),
              checks.isEmpty() ? "-" : checks));
    }
    text.append(System.lineSeparator());
    List<SecurityBaseline> baselines =
        new ArrayList<>(client.resources(SecurityBaseline.class).list().getItems());
    baselines.sort(java.util.Comparator.comparing(b -> b.getMetadata().getName()));
    text.append(
        String.format(
            "%-18s %-8s %-11s %-10s %-6s %s%n",
            "BASELINE", "MODE", "NAMESPACES", "COMPLIANT", "READY", "CONFLICT"));
    for (SecurityBaseline b : baselines) {
      var status = b.getStatus();
      text.append(
          String.format(
              "%-18s %-8s %-11s %-10s %-6s %s%n",
              b.getMetadata().getName(),
              b.getSpec().mode,
              status == null ? "-" : status.namespaces.matched(),
              status == null ? "-" : status.namespaces.compliant(),
              condition(b, "Ready"),
              condition(b, "Conflict")));
    }
    out.print(text);
    return text.toString();
  }

  static String condition(SecurityBaseline baseline, String type) {
    if (baseline.getStatus() == null) {
      return "-";
    }
    return baseline.getStatus().conditions.stream()
        .filter(c -> type.equals(c.getType()))
        .map(Condition::getStatus)
        .findFirst()
        .orElse("-");
  }
}
