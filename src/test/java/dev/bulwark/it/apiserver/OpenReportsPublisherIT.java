package dev.bulwark.it.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.operator.reports.OpenReportsPublisher;
import dev.bulwark.report.OpenReport;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.OpenReportsCrds;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 26, item 8 (API-server tier: the publisher alone against the control plane): a namespace
 * deleted while its reconcile runs answers the Report's write with 404, as a missing OpenReports
 * CRD does; it must not be taken for one. The publisher used to drop what it knew, make the dead
 * namespace the one that looks for the API again (a minute later), and write no Report in any other
 * namespace meanwhile.
 */
@LocalCluster
class OpenReportsPublisherIT {

  private static TestCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void installTheCrds(TestCluster testCluster) {
    cluster = testCluster;
    client = cluster.newClient();
    OpenReportsCrds.install(cluster);
  }

  @AfterAll
  static void removeTheCrds() {
    OpenReportsCrds.uninstall(cluster);
    client.close();
  }

  @Test
  void aNamespaceGoneMidReconcileIsNotAMissingApi() {
    OpenReportsPublisher publisher =
        new OpenReportsPublisher(
            client, Duration.ofMinutes(1), Duration.ofSeconds(30), Clock.systemUTC());
    SecurityBaseline baseline = baseline("gone-" + UUID.randomUUID().toString().substring(0, 8));
    String live = cluster.createNamespace(Map.of());
    String gone = "gone-" + UUID.randomUUID().toString().substring(0, 8);

    Optional<Duration> afterGone = publisher.publish(gone, "uid-gone", baseline, violations(gone));

    assertThat(afterGone).as("no look for the API a minute later").isEmpty();
    assertThat(publisher.publish(live, "uid-live", baseline, violations(live))).isEmpty();
    assertThat(
            client
                .genericKubernetesResources(OpenReport.RESOURCE)
                .inNamespace(live)
                .withName(OpenReport.NAME)
                .get())
        .as("the Report of a live namespace, written at once")
        .isNotNull();
  }

  private static List<Violation> violations(String namespace) {
    return List.of(new Violation(namespace, "Pod", "p", "privileged", "privileged container"));
  }

  private static SecurityBaseline baseline(String name) {
    return Serialization.unmarshal(
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: SecurityBaseline
        metadata: {name: %s}
        spec: {}
        """
            .formatted(name),
        SecurityBaseline.class);
  }
}
