package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.report.OpenReport;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.OpenReportsCrds;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 26 (operator tier), item 3: a tenant's kilobyte-long image reference, capability names,
 * RoleBinding name and subject name reach the baseline's status, its Events and the namespace's
 * OpenReports Report only cut to a bound, and each stays under its byte budget.
 */
@LocalCluster
class StatusSizeIT {

  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final int MESSAGE_BYTES = 1024;
  private static final int NAME_BYTES = 253;

  private static TestCluster cluster;
  private static RunningOperator operator;
  private static KubernetesClient client;

  @BeforeAll
  static void start(TestCluster testCluster) {
    cluster = testCluster;
    OpenReportsCrds.install(cluster);
    operator = RunningOperator.start(cluster);
    client = cluster.newClient();
  }

  @AfterAll
  static void stop() {
    operator.close();
    OpenReportsCrds.uninstall(cluster);
    client.close();
  }

  @Test
  void kilobyteLongTenantStringsAreCutEverywhereTheyAreRepeated() {
    String team = "sz" + UUID.randomUUID().toString().substring(0, 8);
    String ns = cluster.createNamespace(Map.of("team", team));
    String image = "registry.example/" + "a".repeat(3000) + ":1";
    List<String> capabilities =
        IntStream.range(0, 30).mapToObj(i -> "CAP_" + i + "_" + "X".repeat(1000)).toList();
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("long-strings")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage(image)
                .withNewSecurityContext()
                .withNewCapabilities()
                .withAdd(capabilities)
                .endCapabilities()
                .endSecurityContext()
                .endContainer()
                .endSpec()
                .build())
        .inNamespace(ns)
        .create();
    String bindingName = "tenant-" + "b".repeat(1500);
    client
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(bindingName)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName("user-" + "u".repeat(3000))
                .endSubject()
                .build())
        .inNamespace(ns)
        .create();
    String name = "sizes-" + team;
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: bulwark.dev/v1alpha1
                kind: SecurityBaseline
                metadata:
                  name: %s
                spec:
                  namespaceSelector: {matchLabels: {team: %s}}
                  mode: Audit
                  podSecurity: {level: restricted}
                  images: {requireDigest: true}
                  rbac: {forbid: [ClusterAdminBinding]}
                """
                    .formatted(name, team),
                SecurityBaseline.class))
        .create();
    try {
      SecurityBaseline sb =
          await()
              .atMost(CONVERGE)
              .until(
                  () -> client.resources(SecurityBaseline.class).withName(name).get(),
                  b ->
                      b.getStatus() != null
                          && b.getStatus().violations.byCheck().containsKey("imageDigest")
                          && b.getStatus().violations.byCheck().containsKey("ClusterAdminBinding"));

      assertThat(bytes(Serialization.asJson(sb.getStatus()))).isLessThanOrEqualTo(64 * 1024);
      for (Violation violation : sb.getStatus().violations.top()) {
        assertThat(bytes(violation.message()))
            .as(violation.check())
            .isLessThanOrEqualTo(MESSAGE_BYTES);
        assertThat(bytes(violation.name())).isLessThanOrEqualTo(NAME_BYTES);
      }
      assertThat(sb.getStatus().conditions)
          .allSatisfy(c -> assertThat(bytes(c.getMessage())).isLessThanOrEqualTo(MESSAGE_BYTES));

      GenericKubernetesResource report =
          await()
              .atMost(CONVERGE)
              .until(
                  () ->
                      client
                          .genericKubernetesResources(OpenReport.RESOURCE)
                          .inNamespace(ns)
                          .withName(OpenReport.NAME)
                          .get(),
                  r -> r != null);
      assertThat(bytes(Serialization.asJson(report)))
          .isLessThanOrEqualTo(OpenReport.MAX_RESULTS_BYTES + 4096);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> results = (List<Map<String, Object>>) report.get("results");
      assertThat(results)
          .isNotEmpty()
          .allSatisfy(
              r -> assertThat(bytes((String) r.get("message"))).isLessThanOrEqualTo(MESSAGE_BYTES));

      assertThat(
              client.v1().events().inNamespace("default").list().getItems().stream()
                  .filter(e -> name.equals(e.getInvolvedObject().getName())))
          .allSatisfy(e -> assertThat(bytes(e.getMessage())).isLessThanOrEqualTo(MESSAGE_BYTES));
    } finally {
      client.resources(SecurityBaseline.class).withName(name).delete();
    }
  }

  private static int bytes(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }
}
