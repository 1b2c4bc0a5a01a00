package dev.bulwark.report;

import dev.bulwark.api.Violation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the OpenReports {@code Report} (openreports.io/v1alpha1, the format Kyverno, Kubewarden
 * and Policy Reporter read) of one governed namespace from its violations. Pure: no client calls.
 *
 * <p>Shape (field names from the CRD of the Go module {@code github.com/openreports/reports-api}
 * v0.2.1): {@code source: bulwark}; {@code summary.fail} counts every finding; {@code results}
 * holds at most {@code maxResults} of them, the most severe first, each with {@code policy} = the
 * baseline's name, {@code rule} = the check id, {@code result: fail}, {@code severity}, {@code
 * category}, the message (at most {@link #MAX_MESSAGE} characters), {@code properties.cisControl}
 * where a CIS Kubernetes Benchmark section 5 control applies, {@code properties.container} and
 * {@code properties.containerType} ({@code Container}, {@code InitContainer} or {@code
 * EphemeralContainer}) where the finding is in one container, and the object as {@code
 * resources[0]}. No timestamps: the same findings always give the same object, so the operator
 * writes it only when the findings change.
 */
public final class OpenReport {

  /** apiVersion of the Report kind. */
  public static final String API_VERSION = "openreports.io/v1alpha1";

  /** Kind of the Report. */
  public static final String KIND = "Report";

  /**
   * The Report resource as the API server serves it, so clients reach it without API discovery
   * (which fails, instead of answering 404, when the CRD is not installed).
   */
  public static final ResourceDefinitionContext RESOURCE =
      new ResourceDefinitionContext.Builder()
          .withGroup("openreports.io")
          .withVersion("v1alpha1")
          .withKind(KIND)
          .withPlural("reports")
          .withNamespaced(true)
          .build();

  /** The one Report Bulwark keeps per governed namespace. */
  public static final String NAME = "bulwark";

  /** The {@code source} of the Report and of each result. */
  public static final String SOURCE = "bulwark";

  /** Label naming the baseline whose findings a Report lists. */
  public static final String BASELINE_LABEL = "bulwark.dev/baseline";

  /** Standard label that marks Bulwark's Reports (and selects them when the operator starts). */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  /** Annotation carrying the namespace's uid: a namespace made again by name gets a new Report. */
  public static final String NAMESPACE_UID_ANNOTATION = "bulwark.dev/namespace-uid";

  /** Annotation counting the findings not listed because of {@code maxResults}. */
  public static final String OMITTED_ANNOTATION = "bulwark.dev/results-omitted";

  /** Longest message kept in a result, in characters; longer ones end in an ellipsis. */
  public static final int MAX_MESSAGE = 1024;

  private static final Comparator<Violation> KIND_NAME_CHECK =
      Comparator.comparing(Violation::kind)
          .thenComparing(Violation::name)
          .thenComparing(Violation::check)
          .thenComparing(Violation::message);

  private OpenReport() {}

  /**
   * The Report of {@code namespace} (uid {@code namespaceUid}) listing {@code violations} found
   * under {@code baseline}, with at most {@code maxResults} results (0 or more).
   */
  public static GenericKubernetesResource of(
      String namespace,
      String namespaceUid,
      String baseline,
      List<Violation> violations,
      int maxResults) {
    List<Violation> ordered = new ArrayList<>(violations);
    ordered.sort(
        Comparator.comparingInt((Violation v) -> CheckFacts.of(v.check()).severityRank())
            .thenComparing(KIND_NAME_CHECK));
    List<Map<String, Object>> results = new ArrayList<>();
    for (Violation violation : ordered.subList(0, Math.min(maxResults, ordered.size()))) {
      results.add(result(baseline, violation));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    if (namespaceUid != null) {
      annotations.put(NAMESPACE_UID_ANNOTATION, namespaceUid);
    }
    annotations.put(OMITTED_ANNOTATION, Integer.toString(ordered.size() - results.size()));
    GenericKubernetesResource report = new GenericKubernetesResource();
    report.setApiVersion(API_VERSION);
    report.setKind(KIND);
    report.setMetadata(
        new ObjectMetaBuilder()
            .withName(NAME)
            .withNamespace(namespace)
            .withLabels(Map.of(MANAGED_BY_LABEL, SOURCE, BASELINE_LABEL, baseline))
            .withAnnotations(annotations)
            .build());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("pass", 0);
    summary.put("fail", violations.size());
    summary.put("warn", 0);
    summary.put("error", 0);
    summary.put("skip", 0);
    report.setAdditionalProperty("source", SOURCE);
    report.setAdditionalProperty(
        "configuration", Map.of("limits", Map.of("maxResults", maxResults)));
    report.setAdditionalProperty("summary", summary);
    report.setAdditionalProperty("results", results);
    return report;
  }

  private static Map<String, Object> result(String baseline, Violation violation) {
    CheckFacts facts = CheckFacts.of(violation.check());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("source", SOURCE);
    result.put("policy", baseline);
    result.put("rule", violation.check());
    result.put("category", facts.category());
    result.put("severity", facts.severity());
    result.put("result", "fail");
    result.put("scored", true);
    result.put("message", shortened(violation.message()));
    Map<String, String> properties = new LinkedHashMap<>();
    if (facts.cisControl() != null) {
      properties.put("cisControl", facts.cisControl());
    }
    if (violation.container() != null) {
      properties.put("container", violation.container().name());
      properties.put("containerType", violation.container().type().name());
    }
    if (!properties.isEmpty()) {
      result.put("properties", properties);
    }
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("apiVersion", ResourceApiVersions.of(violation.kind()));
    resource.put("kind", violation.kind());
    if (!ResourceApiVersions.clusterScoped(violation.kind())) {
      resource.put("namespace", violation.namespace());
    }
    resource.put("name", violation.name());
    result.put("resources", List.of(resource));
    return result;
  }

  private static String shortened(String message) {
    if (message == null) {
      return "";
    }
    return message.length() <= MAX_MESSAGE
        ? message
        : message.substring(0, MAX_MESSAGE - 1) + "\u2026";
  }
}
