package dev.bulwark.operator.vulnerabilities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.policy.vulnerabilities.ReportedVulnerability;
import dev.bulwark.policy.vulnerabilities.ScannedImage;
import dev.bulwark.policy.vulnerabilities.VulnerabilitySeverity;
import dev.bulwark.testing.TrivyVulnerabilityReports;
import dev.bulwark.testing.TrivyVulnerabilityReports.Vulnerability;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A VulnerabilityReport reduced to what the check reads. */
class TrivyReportsTest {

  private static GenericKubernetesResource nginx() {
    return TrivyVulnerabilityReports.report(
        "shop",
        "ReplicaSet",
        "web-6d4cf56db6",
        "nginx",
        "index.docker.io",
        "library/nginx",
        "1.16",
        "sha256:" + "c".repeat(64),
        List.of(
            new Vulnerability("CVE-3", "LOW", "zlib", "1.2", "1.3"),
            new Vulnerability("CVE-1", "CRITICAL", "libbsd0", "0.9.1-2", "0.9.1-2+deb10u1"),
            new Vulnerability("CVE-2", "HIGH", "apt", "1.8.2", ""),
            new Vulnerability("CVE-0", "CRITICAL", "libwebp6", "0.6.1-2", "")));
  }

  @Test
  void keepsTheReportsIdentityImageKeysAndItsVulnerabilitiesMostSevereFirst() {
    // Through JSON, as an informer hands reports over.
    GenericKubernetesResource report =
        Serialization.unmarshal(Serialization.asJson(nginx()), GenericKubernetesResource.class);
    ScannedImage image = TrivyReports.read(report, VulnerabilitySeverity.UNKNOWN);
    assertThat(image.reportRef()).isEqualTo("shop/replicaset-web-6d4cf56db6-nginx");
    assertThat(image.container()).isEqualTo("nginx");
    assertThat(image.image())
        .isEqualTo("index.docker.io/library/nginx:1.16@sha256:" + "c".repeat(64));
    assertThat(image.keys())
        .containsExactlyInAnyOrder("sha256:" + "c".repeat(64), "docker.io/library/nginx:1.16");
    assertThat(image.vulnerabilities())
        .extracting(ReportedVulnerability::id)
        .containsExactly("CVE-0", "CVE-1", "CVE-2", "CVE-3");
    assertThat(image.vulnerabilities().get(1))
        .isEqualTo(
            new ReportedVulnerability(
                "CVE-1", VulnerabilitySeverity.CRITICAL, "libbsd0", "0.9.1-2", "0.9.1-2+deb10u1"));
  }

  @Test
  void dropsWhatNoBaselineCounts() {
    ScannedImage image = TrivyReports.read(nginx(), VulnerabilitySeverity.HIGH);
    assertThat(image.vulnerabilities())
        .extracting(ReportedVulnerability::id)
        .containsExactly("CVE-0", "CVE-1", "CVE-2");
  }

  @Test
  void aMalformedReportReadsAsEmptyAndMatchesNothing() {
    GenericKubernetesResource report = new GenericKubernetesResource();
    report.setMetadata(new ObjectMetaBuilder().withName("r").withNamespace("ns").build());
    report.setAdditionalProperty(
        "report", Map.of("artifact", "not a map", "vulnerabilities", List.of("x", Map.of())));
    ScannedImage image = TrivyReports.read(report, VulnerabilitySeverity.UNKNOWN);
    assertThat(image.keys()).isEmpty();
    assertThat(image.container()).isEmpty();
    assertThat(image.vulnerabilities())
        .singleElement()
        .satisfies(v -> assertThat(v.severity()).isEqualTo(VulnerabilitySeverity.UNKNOWN));
  }

  @Test
  void theInformerStoreKeepsStubsAndTheIndexTheReducedReports() {
    List<String> changes = new java.util.ArrayList<>();
    VulnerabilityReportStore store =
        new VulnerabilityReportStore(
            VulnerabilitySeverity.CRITICAL,
            (s, before, after) ->
                changes.add((before == null ? "-" : "old") + "/" + (after == null ? "-" : "new")));
    GenericKubernetesResource report = nginx();
    report.getMetadata().setResourceVersion("7");
    String key = store.getKey(report);
    store.put(key, report);
    assertThat(store.get(key).getAdditionalProperties()).isEmpty();
    assertThat(store.index().byKey("docker.io/library/nginx:1.16")).hasSize(1);
    store.put(key, report);
    assertThat(changes).as("the same version again is no change").containsExactly("-/new");
    store.remove(key);
    assertThat(store.index().byKey("docker.io/library/nginx:1.16")).isEmpty();
    assertThat(changes).containsExactly("-/new", "old/-");
  }
}
