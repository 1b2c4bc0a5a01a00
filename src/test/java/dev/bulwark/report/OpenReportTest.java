package dev.bulwark.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.Violation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenReportTest {

  @Test
  void eachFindingBecomesAResultWithBaselineCheckSeverityCisControlAndObject() {
    GenericKubernetesResource report =
        OpenReport.of(
            "team-a",
            "uid-1",
            "restricted",
            List.of(
                new Violation("team-a", "Deployment", "web", "runAsNonRoot", "container app ..."),
                new Violation("team-a", "ClusterRoleBinding", "ops", "ClusterAdminBinding", "m"),
                new Violation("team-a", "Pod", "p", "probes", "m")),
            100);

    assertThat(report.getMetadata().getName()).isEqualTo("bulwark");
    assertThat(report.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(report.getMetadata().getAnnotations())
        .containsEntry("bulwark.dev/namespace-uid", "uid-1")
        .containsEntry("bulwark.dev/results-omitted", "0");
    List<Map<String, Object>> results = results(report);
    assertThat(results)
        .extracting(r -> r.get("rule"))
        .as("most severe first")
        .containsExactly("ClusterAdminBinding", "runAsNonRoot", "probes");
    assertThat(results.get(0))
        .containsEntry("policy", "restricted")
        .containsEntry("severity", "critical")
        .containsEntry("category", "RBAC")
        .containsEntry("properties", Map.of("cisControl", "5.1.1"))
        .containsEntry(
            "resources",
            List.of(
                Map.of(
                    "apiVersion", "rbac.authorization.k8s.io/v1",
                    "kind", "ClusterRoleBinding",
                    "name", "ops")));
    assertThat(results.get(1))
        .containsEntry("severity", "high")
        .containsEntry("properties", Map.of("cisControl", "5.2.7"))
        .containsEntry(
            "resources",
            List.of(
                Map.of(
                    "apiVersion",
                    "apps/v1",
                    "kind",
                    "Deployment",
                    "namespace",
                    "team-a",
                    "name",
                    "web")));
    assertThat(results.get(2)).doesNotContainKey("properties");
  }

  @Test
  void boundedToMaxResultsWhileTheSummaryCountsEveryFinding() {
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      violations.add(new Violation("ns", "Pod", "p" + i, "privileged", "x".repeat(5000)));
    }

    GenericKubernetesResource report = OpenReport.of("ns", "u", "b", violations, 100);

    assertThat(results(report)).hasSize(100);
    assertThat(((Map<?, ?>) report.get("summary")).get("fail")).isEqualTo(2000);
    assertThat(report.getMetadata().getAnnotations())
        .containsEntry("bulwark.dev/results-omitted", "1900");
    String message = (String) results(report).get(0).get("message");
    assertThat(message.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(OpenReport.MAX_MESSAGE);
    assertThat(message).endsWith("\u2026");
  }

  @Test
  void theSameFindingsInAnotherOrderGiveTheSameReport() {
    Violation a = new Violation("ns", "Pod", "a", "privileged", "m");
    Violation b = new Violation("ns", "Pod", "b", "runAsNonRoot", "m");
    assertThat(OpenReport.of("ns", "u", "x", List.of(a, b), 10))
        .isEqualTo(OpenReport.of("ns", "u", "x", List.of(b, a), 10));
  }

  @SuppressWarnings("unchecked")
  /**
   * A vulnerable container's result carries its worst severity and the CVE ids, counts and fixed
   * versions as properties; a container not scanned is a skipped result after every failure.
   */
  @Test
  void vulnerabilityResultsCarryPropertiesAndNotScannedOnesAreSkips() {
    Violation vulnerable =
        new Violation("shop", "Deployment", "web", "imageVulnerabilities", "container ...");
    Violation notScanned =
        new Violation("shop", "Deployment", "cart", "imageVulnerabilities", "not scanned");
    Violation probes = new Violation("shop", "Deployment", "api", "probes", "m");
    GenericKubernetesResource report =
        OpenReport.of(
            "shop",
            "uid",
            "prod",
            List.of(probes, vulnerable),
            100,
            new ResultExtras(
                Map.of(vulnerable, Map.of("critical", "2", "vulnerabilities", "CVE-1, CVE-2")),
                Map.of(vulnerable, "critical"),
                List.of(notScanned)));
    List<Map<String, Object>> results = results(report);
    assertThat(results)
        .extracting(r -> r.get("result") + " " + r.get("rule") + " " + r.get("severity"))
        .containsExactly(
            "fail imageVulnerabilities critical",
            "fail probes low",
            "skip imageVulnerabilities high");
    assertThat(results.get(0).get("properties"))
        .isEqualTo(Map.of("critical", "2", "vulnerabilities", "CVE-1, CVE-2"));
    assertThat(results.get(0)).containsEntry("category", "Image vulnerabilities");
    @SuppressWarnings("unchecked")
    Map<String, Object> summary =
        (Map<String, Object>) report.getAdditionalProperties().get("summary");
    assertThat(summary).containsEntry("fail", 2).containsEntry("skip", 1);
    assertThat(
            OpenReport.of(
                    "shop",
                    "uid",
                    "prod",
                    List.of(probes, vulnerable),
                    2,
                    new ResultExtras(Map.of(), Map.of(), List.of(notScanned)))
                .getMetadata()
                .getAnnotations())
        .as("the skipped result beyond maxResults is counted as omitted")
        .containsEntry("bulwark.dev/results-omitted", "1");
  }

  private static List<Map<String, Object>> results(GenericKubernetesResource report) {
    return (List<Map<String, Object>>) report.get("results");
  }
}
