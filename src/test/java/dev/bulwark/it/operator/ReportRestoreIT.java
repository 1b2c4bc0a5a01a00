package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.report.OpenReport;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.OpenReportsCrds;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.Tenants;
import dev.bulwark.testing.Workloads;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, behaviour 4: a namespace's OpenReports Report emptied or deleted by a writer admission
 * lets through is written again at once (the Report informer reconciles the namespace), not at its
 * next change of findings; and the namespace's admin cannot touch it at all.
 */
@LocalCluster
class ReportRestoreIT extends OperatorTestBase {

  @BeforeAll
  static void installTheCrds() {
    OpenReportsCrds.install(cluster);
  }

  @AfterAll
  static void removeTheCrds() {
    OpenReportsCrds.uninstall(cluster);
  }

  @Test
  void anEmptiedOrDeletedReportIsWrittenAgainAndTenantsCannotTouchIt() {
    String ns = namespace(Map.of());
    client.resource(Workloads.privilegedPod("root")).inNamespace(ns).create();
    String name = "restore-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted}
        network: {defaultDeny: []}
        rbac: {forbid: []}
        """);
    GenericKubernetesResource written =
        await().atMost(CONVERGE).until(() -> report(ns), r -> r != null && fail(r) > 0);
    long findings = fail(written);
    List<?> results = (List<?>) written.getAdditionalProperties().get("results");

    try (KubernetesClient oncall =
        Tenants.as(
            cluster, "oncall-" + team, "system:masters", RunningOperator.BREAK_GLASS_GROUP)) {
      oncall
          .genericKubernetesResources(OpenReport.RESOURCE)
          .inNamespace(ns)
          .withName(OpenReport.NAME)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE), "{\"summary\":{\"fail\":0},\"results\":[]}");
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                GenericKubernetesResource now = report(ns);
                assertThat(fail(now)).as("summary.fail, written again").isEqualTo(findings);
                assertThat(now.getAdditionalProperties().get("results")).isEqualTo(results);
              });

      oncall
          .genericKubernetesResources(OpenReport.RESOURCE)
          .inNamespace(ns)
          .withName(OpenReport.NAME)
          .delete();
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                GenericKubernetesResource now = report(ns);
                assertThat(now).as("the Report, created again").isNotNull();
                assertThat(fail(now)).isEqualTo(findings);
              });
    }

    try (KubernetesClient tenant = Tenants.admin(cluster, ns, "alice-" + team)) {
      var own = tenant.genericKubernetesResources(OpenReport.RESOURCE).inNamespace(ns);
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> own.withName(OpenReport.NAME).dryRun().delete())
                      .isInstanceOf(KubernetesClientException.class));
      assertThatThrownBy(
              () ->
                  own.withName(OpenReport.NAME)
                      .patch(
                          PatchContext.of(PatchType.JSON_MERGE),
                          "{\"summary\":{\"fail\":0},\"results\":[]}"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e ->
                  assertThat(e.getMessage())
                      .contains("Report " + ns + "/bulwark is owned by Bulwark")
                      .contains("SecurityBaseline " + name));
      assertThatThrownBy(() -> own.withName(OpenReport.NAME).delete())
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("is owned by Bulwark");
    }
    assertThat(fail(report(ns))).isEqualTo(findings);
  }

  private static GenericKubernetesResource report(String ns) {
    return client
        .genericKubernetesResources(OpenReport.RESOURCE)
        .inNamespace(ns)
        .withName(OpenReport.NAME)
        .get();
  }

  @SuppressWarnings("unchecked")
  private static long fail(GenericKubernetesResource report) {
    Object summary = report.getAdditionalProperties().get("summary");
    Object fail = summary == null ? null : ((Map<String, Object>) summary).get("fail");
    return fail == null ? 0 : ((Number) fail).longValue();
  }
}
