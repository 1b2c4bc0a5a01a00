package dev.bulwark.operator.vulnerabilities;

import dev.bulwark.policy.vulnerabilities.ImageKey;
import dev.bulwark.policy.vulnerabilities.ReportedVulnerability;
import dev.bulwark.policy.vulnerabilities.ScannedImage;
import dev.bulwark.policy.vulnerabilities.VulnerabilitySeverity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Trivy Operator's {@code VulnerabilityReport} (aquasecurity.github.io/v1alpha1, namespaced, one
 * per workload container) as Bulwark reads it. Field names as documented by Trivy Operator ({@code
 * docs/docs/crds/vulnerability-report.md} and the Go type {@code VulnerabilityReportData}): {@code
 * report.artifact.repository|tag|digest}, {@code report.registry.server}, {@code
 * report.vulnerabilities[].vulnerabilityID|severity|resource|installedVersion|fixedVersion}, and
 * the label {@code trivy-operator.container.name}. Everything else (descriptions, links, CVSS
 * scores, the summary) is dropped at once.
 */
public final class TrivyReports {

  /** The API group Trivy Operator's reports belong to. */
  public static final String GROUP = "aquasecurity.github.io";

  /** Their version. */
  public static final String VERSION = "v1alpha1";

  /** The resource, for clients that must not depend on discovery. */
  public static final ResourceDefinitionContext RESOURCE =
      new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion(VERSION)
          .withKind("VulnerabilityReport")
          .withPlural("vulnerabilityreports")
          .withNamespaced(true)
          .build();

  /** Label naming the container a report was made for. */
  public static final String CONTAINER_LABEL = "trivy-operator.container.name";

  private static final Comparator<ReportedVulnerability> MOST_SEVERE_FIRST =
      Comparator.comparing(ReportedVulnerability::severity)
          .reversed()
          .thenComparing(ReportedVulnerability::id)
          .thenComparing(ReportedVulnerability::resource);

  private TrivyReports() {}

  /**
   * {@code report} reduced to what the check reads, keeping the vulnerabilities of severity {@code
   * keepFrom} or more. Missing or mistyped fields read as empty (an entry without a severity is
   * UNKNOWN), items of the list that are not objects are skipped: a report is never refused, and
   * one without a repository or digest has no key, so it matches no image.
   */
  public static ScannedImage read(
      GenericKubernetesResource report, VulnerabilitySeverity keepFrom) {
    Map<String, Object> data = map(report.getAdditionalProperties().get("report"));
    Map<String, Object> artifact = map(data.get("artifact"));
    String server = text(map(data.get("registry")).get("server"));
    String repository = text(artifact.get("repository"));
    String tag = text(artifact.get("tag"));
    String digest = text(artifact.get("digest"));
    List<ReportedVulnerability> kept = new ArrayList<>();
    if (data.get("vulnerabilities") instanceof List<?> list) {
      for (Object item : list) {
        if (!(item instanceof Map<?, ?>)) {
          continue; // not an entry at all
        }
        Map<String, Object> v = map(item);
        VulnerabilitySeverity severity = VulnerabilitySeverity.parse(text(v.get("severity")));
        if (severity.compareTo(keepFrom) < 0) {
          continue;
        }
        kept.add(
            new ReportedVulnerability(
                text(v.get("vulnerabilityID")).intern(),
                severity,
                text(v.get("resource")).intern(),
                text(v.get("installedVersion")).intern(),
                text(v.get("fixedVersion")).intern()));
      }
    }
    kept.sort(MOST_SEVERE_FIRST);
    Map<String, String> labels = report.getMetadata().getLabels();
    String container = labels == null ? "" : labels.getOrDefault(CONTAINER_LABEL, "");
    return new ScannedImage(
        report.getMetadata().getNamespace(),
        report.getMetadata().getName(),
        container,
        image(server, repository, tag, digest),
        ImageKey.ofArtifact(server, repository, tag, digest),
        kept);
  }

  /** What the informer's own store keeps of a report: its identity and version, nothing else. */
  static GenericKubernetesResource stub(GenericKubernetesResource report) {
    GenericKubernetesResource stub = new GenericKubernetesResource();
    stub.setApiVersion(report.getApiVersion());
    stub.setKind(report.getKind());
    stub.setMetadata(
        new ObjectMetaBuilder()
            .withName(report.getMetadata().getName())
            .withNamespace(report.getMetadata().getNamespace())
            .withUid(report.getMetadata().getUid())
            .withResourceVersion(report.getMetadata().getResourceVersion())
            .build());
    return stub;
  }

  /** {@code server/repository:tag@digest}, each part only when the report has it. */
  private static String image(String server, String repository, String tag, String digest) {
    StringBuilder image = new StringBuilder();
    if (!server.isEmpty()) {
      image.append(server).append('/');
    }
    image.append(repository);
    if (!tag.isEmpty()) {
      image.append(':').append(tag);
    }
    if (!digest.isEmpty()) {
      image.append('@').append(digest);
    }
    return image.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static String text(Object value) {
    return value instanceof String s ? s : value == null ? "" : String.valueOf(value);
  }
}
