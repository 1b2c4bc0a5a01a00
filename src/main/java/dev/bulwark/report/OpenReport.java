package dev.bulwark.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.Violation;
import dev.bulwark.text.BoundedText;
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
 * category}, the message (at most {@link #MAX_MESSAGE} bytes), {@code properties.cisControl} where
 * a CIS Kubernetes Benchmark section 5 control applies, {@code properties.container} and {@code
 * properties.containerType} ({@code Container}, {@code InitContainer} or {@code
 * EphemeralContainer}) where the finding is in one container, and the object as {@code
 * resources[0]}. The results together stay under {@link #MAX_RESULTS_BYTES} of JSON whatever the
 * names and messages (those past it are counted as omitted, like those past {@code maxResults}), so
 * a Report stays far below etcd's object size limit. No timestamps: the same findings always give
 * the same object, so the operator writes it only when the findings change.
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

  /** Longest message kept in a result, in UTF-8 bytes; longer ones end in an ellipsis. */
  public static final int MAX_MESSAGE = BoundedText.MESSAGE;

  /** Most bytes of JSON the results of one Report take together. */
  public static final int MAX_RESULTS_BYTES = 512 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

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
    return of(namespace, namespaceUid, baseline, violations, maxResults, ResultExtras.NONE);
  }

  /**
   * As {@link #of(String, String, String, List, int)}, with {@code extras}: properties added to
   * some results, and skipped results listed after every failure (within {@code maxResults}) and
   * counted in {@code summary.skip}.
   */
  public static GenericKubernetesResource of(
      String namespace,
      String namespaceUid,
      String baseline,
      List<Violation> violations,
      int maxResults,
      ResultExtras extras) {
    List<Violation> ordered = new ArrayList<>(violations);
    ordered.sort(
        Comparator.comparingInt((Violation v) -> severityRank(v, extras))
            .thenComparing(KIND_NAME_CHECK));
    List<Violation> skipped = new ArrayList<>(extras.skipped());
    skipped.sort(KIND_NAME_CHECK);
    List<Map<String, Object>> results = new ArrayList<>();
    long bytes = 0;
    for (Violation violation : ordered.subList(0, Math.min(maxResults, ordered.size()))) {
      Map<String, Object> result = result(baseline, violation, "fail", extras);
      bytes += size(result);
      if (bytes > MAX_RESULTS_BYTES) {
        break;
      }
      results.add(result);
    }
    boolean full = bytes > MAX_RESULTS_BYTES;
    for (Violation skip :
        skipped.subList(0, Math.min(maxResults - results.size(), skipped.size()))) {
      Map<String, Object> result = result(baseline, skip, "skip", extras);
      bytes += size(result);
      if (full || bytes > MAX_RESULTS_BYTES) {
        break;
      }
      results.add(result);
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    if (namespaceUid != null) {
      annotations.put(NAMESPACE_UID_ANNOTATION, namespaceUid);
    }
    annotations.put(
        OMITTED_ANNOTATION, Integer.toString(ordered.size() + skipped.size() - results.size()));
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
    summary.put("skip", skipped.size());
    report.setAdditionalProperty("source", SOURCE);
    report.setAdditionalProperty(
        "configuration", Map.of("limits", Map.of("maxResults", maxResults)));
    report.setAdditionalProperty("summary", summary);
    report.setAdditionalProperty("results", results);
    return report;
  }

  private static Map<String, Object> result(
      String baseline, Violation violation, String outcome, ResultExtras extras) {
    CheckFacts facts = CheckFacts.of(violation.check());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("source", SOURCE);
    result.put("policy", baseline);
    result.put("rule", violation.check());
    result.put("category", facts.category());
    result.put("severity", extras.severities().getOrDefault(violation, facts.severity()));
    result.put("result", outcome);
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
    extras
        .properties()
        .getOrDefault(violation, Map.of())
        .forEach((key, value) -> properties.put(key, shortened(value)));
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

  private static int severityRank(Violation violation, ResultExtras extras) {
    String severity = extras.severities().get(violation);
    return severity == null
        ? CheckFacts.of(violation.check()).severityRank()
        : new CheckFacts(violation.check(), "", severity, null).severityRank();
  }

  private static String shortened(String message) {
    return message == null ? "" : BoundedText.cut(message, MAX_MESSAGE);
  }

  /** The size of {@code result} as JSON, in bytes. */
  private static int size(Map<String, Object> result) {
    try {
      return JSON.writeValueAsBytes(result).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a result of strings, numbers and maps is JSON", e);
    }
  }
}
