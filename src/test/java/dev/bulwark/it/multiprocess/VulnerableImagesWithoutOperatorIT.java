package dev.bulwark.it.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.admission.GeneratedPolicies;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.OperatorProcess;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import dev.bulwark.testing.TestTimings;
import dev.bulwark.testing.TrivyVulnerabilityReports;
import dev.bulwark.testing.TrivyVulnerabilityReports.Vulnerability;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25, item 3: an image refused for its vulnerabilities stays refused with the operator
 * stopped (SIGKILL of its own JVM): the policy and its parameter objects live in the API server.
 */
@LocalCluster(controllerManager = true)
class VulnerableImagesWithoutOperatorIT {

  @Test
  void vulnerableImageIsRefusedWhileTheOperatorIsDown(TestCluster cluster, @TempDir Path dir) {
    RunningOperator.installCrds(cluster);
    String team = "v" + UUID.randomUUID().toString().substring(0, 8);
    String ns = cluster.createNamespace(Map.of("team", team));
    String image = "registry.example.com/" + team + "/web:1.0";
    String name = "down-" + team;
    try (KubernetesClient client = cluster.newClient()) {
      TrivyVulnerabilityReports.install(client);
      client
          .genericKubernetesResources(TrivyVulnerabilityReports.RESOURCE)
          .inNamespace(ns)
          .resource(
              TrivyVulnerabilityReports.report(
                  ns,
                  "Pod",
                  "web",
                  "web",
                  "registry.example.com",
                  team + "/web",
                  "1.0",
                  null,
                  List.of(
                      new Vulnerability(
                          "CVE-2024-3094", "CRITICAL", "xz-utils", "5.6.0", "5.6.1"))))
          .create();
      client
          .resource(
              GeneratedPolicies.baseline(
                  name,
                  """
                  namespaceSelector: {matchLabels: {team: %s}}
                  podSecurity: {level: privileged}
                  images: {vulnerabilities: {maxSeverity: High}}
                  """
                      .formatted(team)))
          .create();
      OperatorProcess operator = OperatorProcess.start(cluster, dir, "bulwark-" + team, "vuln-1");
      try {
        await()
            .atMost(TestTimings.current().admissionGrace().plus(Duration.ofSeconds(120)))
            .untilAsserted(
                () ->
                    assertThat(dryRun(client, ns, image))
                        .as("operator output: %s", operator.output())
                        .contains("CVE-2024-3094"));
      } finally {
        operator.kill();
      }
      assertThat(operator.isAlive()).isFalse();

      // Down: still refused, in a dry run and for real.
      assertThat(dryRun(client, ns, image)).contains("imageVulnerabilities");
      String refusal = null;
      try {
        client.pods().inNamespace(ns).resource(pod(image)).create();
      } catch (KubernetesClientException e) {
        refusal = e.getMessage();
      }
      assertThat(refusal)
          .contains("ValidatingAdmissionPolicy 'bulwark-" + name + "-image-vulnerabilities'")
          .contains("CVE-2024-3094 (CRITICAL, xz-utils 5.6.0, fixed in 5.6.1)");
      assertThat(dryRun(client, ns, "registry.example.com/" + team + "/web:1.1")).isNull();
      client.resources(SecurityBaseline.class).withName(name).delete();
    }
  }

  private static Pod pod(String image) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }

  /** A server-side dry-run create of a pod running {@code image}: the refusal, or null. */
  private static String dryRun(KubernetesClient client, String ns, String image) {
    try {
      client.pods().inNamespace(ns).resource(pod(image)).dryRun().create();
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 422) {
        return e.getMessage();
      }
      throw e;
    }
  }
}
