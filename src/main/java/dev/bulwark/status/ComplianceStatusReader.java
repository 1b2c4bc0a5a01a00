package dev.bulwark.status;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineStatus;
import dev.bulwark.api.Violation;
import dev.bulwark.plan.BaselineSelection;
import dev.bulwark.plan.Governance;
import dev.bulwark.report.OpenReport;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the compliance of a live cluster as {@code bulwark status} shows it: the selected
 * SecurityBaselines' status, the namespaces they govern (worked out as the operator does, with
 * {@link BaselineSelection}), and per namespace its Pod Security label, NetworkPolicies, quota and
 * OpenReports Report. A fixed number of list calls whatever the cluster's size; read-only.
 */
public final class ComplianceStatusReader {

  private final KubernetesClient client;
  private final BaselineSelection selection;

  /** Reads through {@code client}; {@code operatorNamespace} is never governed. */
  public ComplianceStatusReader(KubernetesClient client, String operatorNamespace) {
    this.client = client;
    this.selection = new BaselineSelection(operatorNamespace);
  }

  /**
   * The status of the baselines named in {@code names}, or else those matching {@code
   * labelSelector}, or else all of them; with {@code cis}, also the CIS summary.
   *
   * @throws StatusException when a named baseline does not exist, none is selected, the
   *     SecurityBaseline CRD is missing or the cluster cannot be read (the message says which)
   */
  public ComplianceStatus read(List<String> names, String labelSelector, boolean cis)
      throws StatusException {
    try {
      List<SecurityBaseline> all = client.resources(SecurityBaseline.class).list().getItems();
      List<SecurityBaseline> selected = select(all, names, labelSelector);
      List<BaselineState> baselines = selected.stream().map(ComplianceStatusReader::state).toList();
      List<NamespaceState> namespaces = namespaces(all, selected);
      return new ComplianceStatus(baselines, namespaces, cis ? CisSummary.of(baselines) : null);
    } catch (KubernetesClientException e) {
      throw new StatusException(ClusterErrors.describe(client, e));
    }
  }

  private List<SecurityBaseline> select(
      List<SecurityBaseline> all, List<String> names, String labelSelector) throws StatusException {
    List<SecurityBaseline> selected;
    if (names != null && !names.isEmpty()) {
      Map<String, SecurityBaseline> byName =
          all.stream().collect(Collectors.toMap(b -> b.getMetadata().getName(), b -> b));
      List<String> missing = names.stream().filter(n -> !byName.containsKey(n)).toList();
      if (!missing.isEmpty()) {
        throw new StatusException(
            "securitybaseline "
                + missing.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "))
                + " not found (kubectl get securitybaselines lists them)");
      }
      selected = names.stream().distinct().map(byName::get).toList();
    } else if (labelSelector != null) {
      selected =
          client
              .resources(SecurityBaseline.class)
              .withLabelSelector(labelSelector)
              .list()
              .getItems();
      if (selected.isEmpty()) {
        throw new StatusException("no securitybaseline matches the selector " + labelSelector);
      }
    } else {
      selected = all;
      if (selected.isEmpty()) {
        throw new StatusException(
            "no securitybaseline in the cluster (kubectl apply -f examples/)");
      }
    }
    List<SecurityBaseline> sorted = new ArrayList<>(selected);
    sorted.sort(Comparator.comparing(b -> b.getMetadata().getName()));
    return sorted;
  }

  static BaselineState state(SecurityBaseline baseline) {
    SecurityBaselineStatus status = baseline.getStatus();
    String mode = baseline.getSpec() == null ? "-" : baseline.getSpec().mode.name();
    if (status == null) {
      return new BaselineState(
          baseline.getMetadata().getName(),
          mode,
          0,
          0,
          0,
          "-",
          "-",
          BaselineState.Result.PROGRESSING,
          Map.of(),
          null);
    }
    return new BaselineState(
        baseline.getMetadata().getName(),
        mode,
        status.namespaces.matched(),
        status.namespaces.compliant(),
        status.violations.total(),
        condition(status, "Ready"),
        condition(status, "Conflict"),
        result(baseline, status),
        new java.util.TreeMap<>(status.violations.byCheck()),
        status.vulnerabilities);
  }

  /**
   * Invalid when the Invalid condition is True for the current generation; progressing while the
   * status describes an earlier generation, or Ready says Progressing (statuses of operators that
   * stamped the new generation early); else what the Compliant condition says.
   */
  private static BaselineState.Result result(
      SecurityBaseline baseline, SecurityBaselineStatus status) {
    Long generation = baseline.getMetadata().getGeneration();
    Optional<Condition> invalid = find(status, "Invalid");
    if (invalid.isPresent()
        && "True".equals(invalid.get().getStatus())
        && (invalid.get().getObservedGeneration() == null
            || invalid.get().getObservedGeneration().equals(generation))) {
      return BaselineState.Result.INVALID;
    }
    boolean current =
        status.observedGeneration != null && status.observedGeneration.equals(generation);
    boolean progressing =
        find(status, "Ready").map(c -> "Progressing".equals(c.getReason())).orElse(false);
    if (!current || progressing) {
      return BaselineState.Result.PROGRESSING;
    }
    return switch (condition(status, "Compliant")) {
      case "True" -> BaselineState.Result.COMPLIANT;
      case "False" -> BaselineState.Result.NOT_COMPLIANT;
      default -> BaselineState.Result.UNKNOWN;
    };
  }

  private static Optional<Condition> find(SecurityBaselineStatus status, String type) {
    return status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static String condition(SecurityBaselineStatus status, String type) {
    return status.conditions.stream()
        .filter(c -> type.equals(c.getType()))
        .map(Condition::getStatus)
        .findFirst()
        .orElse("-");
  }

  private List<NamespaceState> namespaces(
      List<SecurityBaseline> all, List<SecurityBaseline> selected) {
    Set<String> selectedNames =
        selected.stream().map(b -> b.getMetadata().getName()).collect(Collectors.toSet());
    Map<String, SecurityBaseline> governors = new LinkedHashMap<>();
    List<Namespace> namespaces = new ArrayList<>(client.namespaces().list().getItems());
    namespaces.sort(Comparator.comparing(n -> n.getMetadata().getName()));
    for (Namespace namespace : namespaces) {
      Governance governance = selection.govern(namespace, all);
      governance
          .winner()
          .filter(b -> selectedNames.contains(b.getMetadata().getName()))
          .ifPresent(b -> governors.put(namespace.getMetadata().getName(), b));
    }
    if (governors.isEmpty()) {
      return List.of();
    }
    Map<String, Integer> policies =
        countByNamespace(
            client.network().v1().networkPolicies().inAnyNamespace().list().getItems());
    Map<String, Integer> quotas =
        countByNamespace(client.resourceQuotas().inAnyNamespace().list().getItems());
    Map<String, GenericKubernetesResource> reports = reports();
    List<NamespaceState> rows = new ArrayList<>();
    for (Namespace namespace : namespaces) {
      String name = namespace.getMetadata().getName();
      SecurityBaseline baseline = governors.get(name);
      if (baseline == null) {
        continue;
      }
      Map<String, String> labels =
          Objects.requireNonNullElse(namespace.getMetadata().getLabels(), Map.of());
      String podSecurity =
          labels.getOrDefault("pod-security.kubernetes.io/enforce", "-")
              + ":"
              + labels.getOrDefault("pod-security.kubernetes.io/enforce-version", "-");
      Findings findings = findings(name, baseline, reports.get(name));
      rows.add(
          new NamespaceState(
              name,
              baseline.getMetadata().getName(),
              baseline.getSpec() == null ? "-" : baseline.getSpec().mode.name(),
              podSecurity,
              policies.getOrDefault(name, 0),
              quotas.getOrDefault(name, 0) > 0,
              findings.count(),
              findings.firstChecks()));
    }
    return rows;
  }

  /** Bulwark's Reports by namespace; none when the OpenReports API is not served. */
  private Map<String, GenericKubernetesResource> reports() {
    try {
      return client
          .genericKubernetesResources(OpenReport.RESOURCE)
          .inAnyNamespace()
          .withLabel(OpenReport.MANAGED_BY_LABEL, OpenReport.SOURCE)
          .list()
          .getItems()
          .stream()
          .filter(r -> OpenReport.NAME.equals(r.getMetadata().getName()))
          .collect(Collectors.toMap(r -> r.getMetadata().getNamespace(), r -> r, (a, b) -> a));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || e.getCode() == 403) {
        return Map.of();
      }
      throw e;
    }
  }

  private record Findings(Integer count, List<String> firstChecks) {}

  /**
   * A namespace's findings: from its Report when it has one for this baseline, else from the
   * baseline's status when that lists every violation, else unknown.
   */
  @SuppressWarnings("unchecked")
  private static Findings findings(
      String namespace, SecurityBaseline baseline, GenericKubernetesResource report) {
    String name = baseline.getMetadata().getName();
    if (report != null
        && name.equals(report.getMetadata().getLabels().get(OpenReport.BASELINE_LABEL))
        && report.getAdditionalProperties().get("summary") instanceof Map<?, ?> summary
        && summary.get("fail") instanceof Number fail) {
      List<String> checks = new ArrayList<>();
      if (report.getAdditionalProperties().get("results") instanceof List<?> results) {
        for (Object result : results) {
          if (result instanceof Map<?, ?> map && map.get("rule") instanceof String rule) {
            checks.add(rule);
          }
        }
      }
      return new Findings(fail.intValue(), firstThree(checks));
    }
    SecurityBaselineStatus status = baseline.getStatus();
    if (status != null && status.violations.total() == status.violations.top().size()) {
      List<Violation> here =
          status.violations.top().stream().filter(v -> namespace.equals(v.namespace())).toList();
      return new Findings(here.size(), firstThree(here.stream().map(Violation::check).toList()));
    }
    return new Findings(null, List.of());
  }

  private static List<String> firstThree(List<String> checks) {
    return checks.stream().distinct().limit(3).toList();
  }

  private static Map<String, Integer> countByNamespace(
      List<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects) {
    Map<String, Integer> counts = new HashMap<>();
    objects.forEach(o -> counts.merge(o.getMetadata().getNamespace(), 1, Integer::sum));
    return counts;
  }
}
