package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.report.OpenReport;
import dev.bulwark.testing.AuditLog;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.OpenReportsCrds;
import dev.bulwark.testing.TestTimings;
import dev.bulwark.testing.Workloads;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * Issue 14, item 5: an OpenReports Report per governed namespace, checked by the real API server
 * against the CRD schema of github.com/openreports/reports-api (installed here, removed after).
 */
@LocalCluster(controllerManager = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenReportsIT extends OperatorTestBase {

  private static final ListAppender<ILoggingEvent> apiLog = new ListAppender<>();

  /**
   * How long a first Report may take: an operator that found the OpenReports API missing looks
   * again after a minute (OpenReportsApi.RECHECK), e.g. when only a later test of this class runs.
   */
  private static final Duration FIRST_REPORT = Duration.ofSeconds(150);

  @BeforeAll
  static void watchTheApiLog() {
    apiLog.start();
    ((Logger) LoggerFactory.getLogger("dev.bulwark.operator.reports.OpenReportsApi"))
        .addAppender(apiLog);
  }

  @AfterAll
  static void removeTheCrds() {
    ((Logger) LoggerFactory.getLogger("dev.bulwark.operator.reports.OpenReportsApi"))
        .detachAppender(apiLog);
    OpenReportsCrds.uninstall(cluster);
  }

  /** Runs first: the operator started on a cluster without the OpenReports CRDs. */
  @Test
  @Order(1)
  void withoutTheCrdsTheOperatorKeepsWorkingSaysSoOnceAndWritesReportsOnceTheyAreInstalled() {
    OpenReportsCrds.uninstall(cluster);
    String ns = namespace(Map.of());
    // Several namespaces wait for the API; only one of them looks for it again each minute and
    // wakes the others when it appears.
    List<String> others = List.of(namespace(Map.of()), namespace(Map.of()));
    client.resource(Workloads.privilegedPod("first")).inNamespace(ns).create();
    others.forEach(
        other -> client.resource(Workloads.privilegedPod("first")).inNamespace(other).create());
    baseline("missing-" + team, auditSpec(""));
    awaitStatus(
        "missing-" + team, sb -> assertThat(sb.getStatus().violations.total()).isPositive());
    int before = get("missing-" + team).getStatus().violations.total();
    client.resource(Workloads.privilegedPod("second")).inNamespace(ns).create();
    awaitStatus(
        "missing-" + team,
        sb -> assertThat(sb.getStatus().violations.total()).isGreaterThan(before));

    assertThat(warnings()).as("warnings about the missing API").hasSize(1);
    assertThat(warnings().get(0).getFormattedMessage())
        .contains("reports.openreports.io", "not installed");

    OpenReportsCrds.install(cluster);
    await()
        .atMost(Duration.ofSeconds(150))
        .untilAsserted(() -> assertThat(report(ns)).as("Report once the CRDs exist").isNotNull());
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(others)
                    .as("every namespace that waited has its Report")
                    .allMatch(other -> report(other) != null));
    assertThat(warnings()).as("warnings about the missing API").hasSize(1);
  }

  @Test
  @Order(2)
  void reportListsEachFindingWithBaselineCheckSeverityCisControlAndObjectAndTheSchemaIsEnforced() {
    OpenReportsCrds.install(cluster);
    String ns = namespace(Map.of());
    client.resource(Workloads.privilegedPod("root")).inNamespace(ns).create();
    String name = "fields-" + team;
    baseline(name, auditSpec(""));

    await()
        .atMost(FIRST_REPORT)
        .untilAsserted(
            () -> {
              SecurityBaseline sb = get(name);
              assertThat(sb.getStatus()).isNotNull();
              GenericKubernetesResource report = report(ns);
              assertThat(report).isNotNull();
              assertThat(summary(report).get("fail")).isEqualTo(sb.getStatus().violations.total());
            });
    GenericKubernetesResource report = report(ns);
    assertThat(report.getMetadata().getLabels()).containsEntry("bulwark.dev/baseline", name);
    assertThat((String) report.get("source")).isEqualTo("bulwark");
    Map<String, Object> runAsNonRoot =
        results(report).stream()
            .filter(r -> "runAsNonRoot".equals(r.get("rule")))
            .findFirst()
            .orElseThrow();
    assertThat(runAsNonRoot)
        .containsEntry("policy", name)
        .containsEntry("result", "fail")
        .containsEntry("severity", "high")
        .containsEntry("category", "Pod Security Standards")
        .containsEntry(
            "properties",
            Map.of("cisControl", "5.2.7", "container", "app", "containerType", "Container"))
        .containsEntry(
            "resources",
            List.of(Map.of("apiVersion", "v1", "kind", "Pod", "namespace", ns, "name", "root")));
    assertThat((String) runAsNonRoot.get("message")).contains("app");

    // The API server holds the schema: a result outside its enum is refused on a dry run.
    GenericKubernetesResource invalid = report(ns);
    invalid.getMetadata().setResourceVersion(null);
    invalid.getMetadata().setName("invalid");
    results(invalid).get(0).put("result", "failed");
    assertThatThrownBy(() -> client.resource(invalid).dryRun().create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("results[0].result")
        .hasMessageContaining("Unsupported value");
  }

  @Test
  @Order(3)
  void twoThousandFindingsInOneNamespaceStayUnderTheBoundInOneReport() {
    OpenReportsCrds.install(cluster);
    String ns = namespace(Map.of());
    for (int i = 0; i < 150; i++) {
      client.resource(manyFindings("pod-" + i)).inNamespace(ns).create();
    }
    String name = "bound-" + team;
    baseline(name, auditSpec(HARDENING));

    await()
        .atMost(FIRST_REPORT)
        .untilAsserted(
            () -> {
              SecurityBaseline sb = get(name);
              assertThat(sb.getStatus()).isNotNull();
              assertThat(sb.getStatus().violations.total()).isGreaterThanOrEqualTo(2000);
              GenericKubernetesResource report = report(ns);
              assertThat(report).isNotNull();
              assertThat(summary(report).get("fail")).isEqualTo(sb.getStatus().violations.total());
            });
    GenericKubernetesResource report = report(ns);
    int total = summary(report).get("fail");
    assertThat(results(report)).hasSize(100);
    assertThat(report.getMetadata().getAnnotations())
        .containsEntry("bulwark.dev/results-omitted", Integer.toString(total - 100));
    // The most severe first: no result after a lower-severity one is more severe.
    List<Object> severities = results(report).stream().map(r -> r.get("severity")).toList();
    assertThat(severities.get(0)).isEqualTo("critical");
    int bytes = Serialization.asJson(report).getBytes(StandardCharsets.UTF_8).length;
    assertThat(bytes).as("bytes of the Report with %d findings", total).isLessThan(150_000);
    assertThat(
            client
                .genericKubernetesResources(OpenReport.RESOURCE)
                .inNamespace(ns)
                .list()
                .getItems())
        .as("Reports in the namespace")
        .hasSize(1);
    System.out.printf(
        "OpenReportsIT: %d findings in one namespace -> one Report of %d results, %d bytes%n",
        total, results(report).size(), bytes);
  }

  @Test
  @Order(4)
  void notRewrittenInAQuietMinuteWhileTheNamespaceIsReconciledAndRewrittenOnChange()
      throws InterruptedException {
    OpenReportsCrds.install(cluster);
    String ns = namespace(Map.of());
    client.resource(Workloads.privilegedPod("steady")).inNamespace(ns).create();
    String name = "quiet-" + team;
    baseline(name, auditSpec(""));
    await().atMost(FIRST_REPORT).until(() -> report(ns) != null);
    int findings = summary(report(ns)).get("fail");
    String version = report(ns).getMetadata().getResourceVersion();

    // A quiet window of changes that wake the namespace's reconcile but change no finding.
    Instant start = Instant.now();
    Instant end = start.plus(TestTimings.quietWindow());
    int touch = 0;
    while (Instant.now().isBefore(end)) {
      client
          .pods()
          .inNamespace(ns)
          .withName("steady")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"touch\":\"" + touch++ + "\"}}}");
      mergePatch(
          client.namespaces().withName(ns),
          "{\"metadata\":{\"annotations\":{\"touch\":\"" + touch + "\"}}}");
      Thread.sleep(TestTimings.quietWindow().toMillis() / 12);
      assertThat(report(ns).getMetadata().getResourceVersion())
          .as("Report resourceVersion after %d touches", touch)
          .isEqualTo(version);
    }

    // Not even a no-op apply (the API server would keep the resourceVersion of one): no request.
    assertThat(reportWrites(ns, start)).as("writes to the Report in the quiet minute").isEmpty();

    // The operator was listening all along: a real change shows in the Report at once, and the
    // audit log that saw no write above records this one.
    Instant changed = Instant.now();
    client.resource(Workloads.privilegedPod("new")).inNamespace(ns).create();
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertThat(summary(report(ns)).get("fail")).isGreaterThan(findings));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(reportWrites(ns, changed)).as("writes after the change").hasSize(1));
  }

  private static List<AuditLog.Request> reportWrites(String namespace, Instant after) {
    return AuditLog.read(cluster.plane().auditLog()).stream()
        .filter(AuditLog.Request::write)
        .filter(r -> r.completed().isAfter(after))
        .filter(r -> "reports".equals(r.resource()) && namespace.equals(r.namespace()))
        .toList();
  }

  @Test
  @Order(5)
  void removedWhenTheNamespaceIsReleasedOrTheBaselineDeleted() {
    OpenReportsCrds.install(cluster);
    String leaving = namespace(Map.of());
    String staying = namespace(Map.of());
    client.resource(Workloads.privilegedPod("p")).inNamespace(leaving).create();
    client.resource(Workloads.privilegedPod("p")).inNamespace(staying).create();
    String name = "release-" + team;
    baseline(name, auditSpec(""));
    await().atMost(FIRST_REPORT).until(() -> report(leaving) != null && report(staying) != null);

    mergePatch(
        client.namespaces().withName(leaving), "{\"metadata\":{\"labels\":{\"team\":null}}}");
    await().atMost(CONVERGE).until(() -> report(leaving) == null);
    assertThat(report(staying)).as("Report of the namespace still governed").isNotNull();

    // Deleted without garbage collection's help: the Report names no owner.
    assertThat(report(staying).getMetadata().getOwnerReferences()).isEmpty();
    client.resources(SecurityBaseline.class).withName(name).delete();
    await().atMost(CONVERGE).until(() -> report(staying) == null);
  }

  @Test
  @Order(6)
  void offPerBaselineMeansNoReportAndTurningItOffRemovesOne() {
    OpenReportsCrds.install(cluster);
    String off = namespace(Map.of("reports", "off"));
    String on = namespace(Map.of("reports", "on"));
    client.resource(Workloads.privilegedPod("p")).inNamespace(off).create();
    client.resource(Workloads.privilegedPod("p")).inNamespace(on).create();
    baseline(
        "off-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s, reports: "off"}}
        mode: Audit
        podSecurity: {level: restricted}
        reports: {enabled: false}
        """);
    baseline(
        "on-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s, reports: "on"}}
        mode: Audit
        podSecurity: {level: restricted}
        """);
    // Both namespaces audited (the operator had its chance), only one reported.
    awaitStatus("off-" + team, sb -> assertThat(sb.getStatus().violations.total()).isPositive());
    await().atMost(FIRST_REPORT).until(() -> report(on) != null);
    assertThat(report(off)).as("Report where the baseline has reports off").isNull();

    mergePatch(
        client.resources(SecurityBaseline.class).withName("on-" + team),
        "{\"spec\":{\"reports\":{\"enabled\":false}}}");
    await().atMost(CONVERGE).until(() -> report(on) == null);
  }

  private static final String HARDENING =
      """
      workloads:
        readOnlyRootFilesystem: true
        requireProbes: true
        requireTokenAutomountDisabled: true
        forbidDefaultServiceAccount: true
      resources: {requireRequestsAndLimits: true}
      images: {requireDigest: true, allowedRegistries: [registry.internal]}
      """;

  /** An Audit baseline at restricted selecting this test's namespaces, plus {@code extra}. */
  private static String auditSpec(String extra) {
    return """
        namespaceSelector: {matchLabels: {team: %s}}
        mode: Audit
        podSecurity: {level: restricted}
        """
        + extra;
  }

  /** A pod that breaks nearly every check: about 15 findings. */
  private static Pod manyFindings(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withHostNetwork(true)
        .withHostPID(true)
        .withHostIPC(true)
        .addNewVolume()
        .withName("host")
        .withNewHostPath()
        .withPath("/var/run")
        .endHostPath()
        .endVolume()
        .addNewContainer()
        .withName("app")
        .withImage("docker.io/library/app:latest")
        .addNewPort()
        .withContainerPort(80)
        .withHostPort(80)
        .endPort()
        .withNewSecurityContext()
        .withPrivileged(true)
        .withRunAsUser(0L)
        .withNewCapabilities()
        .withAdd("SYS_ADMIN")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }

  private List<ILoggingEvent> warnings() {
    return apiLog.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
  }

  private static GenericKubernetesResource report(String namespace) {
    return client
        .genericKubernetesResources(OpenReport.RESOURCE)
        .inNamespace(namespace)
        .withName(OpenReport.NAME)
        .get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Integer> summary(GenericKubernetesResource report) {
    return (Map<String, Integer>) report.getAdditionalProperties().get("summary");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> results(GenericKubernetesResource report) {
    return (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
  }
}
