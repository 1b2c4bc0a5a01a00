package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.admission.VulnerabilityPolicy;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.VulnerabilityStatus;
import dev.bulwark.api.VulnerableImageSet;
import dev.bulwark.operator.vulnerabilities.VulnerabilityReports;
import dev.bulwark.plan.Ownership;
import dev.bulwark.policy.vulnerabilities.ImageKey;
import dev.bulwark.report.OpenReport;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.OpenReportsCrds;
import dev.bulwark.testing.TestTimings;
import dev.bulwark.testing.TrivyVulnerabilityReports;
import dev.bulwark.testing.TrivyVulnerabilityReports.Vulnerability;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * Issue 25, items 1-3: the imageVulnerabilities check on the real API server, with Trivy Operator's
 * VulnerabilityReport CRD installed here (built from its documented field names, see {@link
 * TrivyVulnerabilityReports}) and reports written by the test in place of Trivy Operator. Each test
 * uses images of its own: reports count wherever they live, as at admission.
 */
@LocalCluster(controllerManager = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VulnerableImagesIT extends OperatorTestBase {

  /**
   * An image's preview period, then the baseline's next reconcile, with room for a slow machine.
   */
  private static final Duration DENIED = TestTimings.current().admissionGrace().plus(CONVERGE);

  private static final String CRITICAL_ID = "CVE-2019-20367";

  private static final ListAppender<ILoggingEvent> reportsLog = new ListAppender<>();

  @BeforeAll
  static void installCrds() {
    reportsLog.start();
    ((Logger) LoggerFactory.getLogger(VulnerabilityReports.class)).addAppender(reportsLog);
    OpenReportsCrds.install(cluster);
  }

  @AfterAll
  static void detachLog() {
    ((Logger) LoggerFactory.getLogger(VulnerabilityReports.class)).detachAppender(reportsLog);
  }

  /**
   * Runs first: without the VulnerabilityReport CRD the check reports every workload as not scanned
   * (Compliant Unknown), says so once in the log, and picks the reports up once the CRD is
   * installed, without a restart.
   */
  @Test
  @Order(1)
  void withoutTheCrdWorkloadsAreNotScannedAndTheCheckStartsOnceItIsInstalled() {
    String ns = readyNamespace();
    String image = "registry.example.com/" + team + "/web:1.0";
    String name = "absent-" + team;
    TrivyVulnerabilityReports.uninstall(client);
    try {
      client.resource(deployment("web", image, Map.of())).inNamespace(ns).create();
      baseline(name, spec(""));
      awaitStatus(
          name,
          sb -> {
            VulnerabilityStatus v = sb.getStatus().vulnerabilities;
            assertThat(v).as("status.vulnerabilities").isNotNull();
            assertThat(v.reportsApi).isEqualTo(VulnerabilityStatus.NOT_SERVED);
            assertThat(v.notScanned).isEqualTo(1);
            assertThat(v.notScannedWorkloads)
                .containsExactly(
                    "Deployment " + ns + "/web: container \"web\" image \"" + image + "\"");
            assertThat(condition(sb, "Compliant").getStatus()).isEqualTo("Unknown");
            assertThat(condition(sb, "Compliant").getReason()).isEqualTo("NotScanned");
            assertThat(sb.getStatus().namespaces.compliant()).isZero();
          });
      // Several reconciles later (a new namespace, a new workload), still one warning.
      String other = readyNamespace();
      client.resource(deployment("api", image, Map.of())).inNamespace(other).create();
      awaitStatus(
          name,
          sb -> {
            assertThat(sb.getStatus().vulnerabilities).isNotNull();
            assertThat(sb.getStatus().vulnerabilities.notScanned).isEqualTo(2);
          });
      assertThat(notServedWarnings()).isEqualTo(1);
    } finally {
      // The later tests need the CRD, whatever happened here.
      TrivyVulnerabilityReports.install(client);
    }
    createReport(ns, "web", "registry.example.com", team + "/web", "1.0", null, critical());
    awaitStatus(
        name,
        sb -> {
          VulnerabilityStatus v = sb.getStatus().vulnerabilities;
          assertThat(v).as("status.vulnerabilities").isNotNull();
          assertThat(v.reportsApi).isEqualTo(VulnerabilityStatus.SERVED);
          assertThat(v.notScanned).isZero();
          // The report made for ns/web describes the image other/api runs too.
          assertThat(v.vulnerable).isEqualTo(2);
        });
    assertThat(reportsLog.list)
        .anyMatch(e -> e.getFormattedMessage().contains("VulnerabilityReport API"))
        .anyMatch(e -> e.getFormattedMessage().contains("found"));
  }

  /**
   * A report above the limit: a finding in status, Report and Event, first a warning at admission
   * with the time of refusal named in status, then refusal of new pods and workload templates using
   * the image however its reference is spelt; a neighbour image is admitted.
   */
  @Test
  @Order(2)
  void reportAboveTheLimitIsAFindingAndItsImageIsRefused() {
    String ns = readyNamespace();
    client.resource(deployment("web", "nginx:1.16", Map.of())).inNamespace(ns).create();
    createReport(ns, "web", "index.docker.io", "library/nginx", "1.16", null, critical());
    String name = "above-" + team;
    baseline(name, spec(""));

    // Previewed first: named in status and an Event, warned about but admitted.
    awaitStatus(
        name,
        sb -> {
          VulnerabilityStatus v = sb.getStatus().vulnerabilities;
          assertThat(v).as("status.vulnerabilities").isNotNull();
          assertThat(v.vulnerable).isEqualTo(1);
          assertThat(sb.getStatus().violations.byCheck()).containsEntry("imageVulnerabilities", 1);
          assertThat(condition(sb, "Compliant").getStatus()).isEqualTo("False");
        });
    // Reports count wherever they live: other tests' images are in the parameters too.
    String key = "docker.io/library/nginx:1.16";
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(union(parameterKeys(name, "warn"), parameterKeys(name, "deny")))
                    .contains(key));
    SecurityBaseline previewed = get(name);
    if (parameterKeys(name, "warn").contains(key)) {
      assertThat(previewed.getStatus().vulnerabilities.wouldRefuse)
          .singleElement()
          .asString()
          .startsWith("Deployment " + ns + "/web: image \"nginx:1.16\" refused from ");
    }
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertThat(events(name, "VulnerableImagesPreviewed")).isNotEmpty());
    assertThat(events(name, "VulnerableImagesPreviewed").get(0).getMessage())
        .contains("Deployment " + ns + "/web: image \"nginx:1.16\" refused from");

    // Then refused, whichever way the reference names the same image.
    await()
        .atMost(DENIED)
        .untilAsserted(
            () ->
                assertThat(dryRunPod(ns, "nginx:1.16", Map.of()))
                    .contains("imageVulnerabilities")
                    .contains("container \"app\" image \"nginx:1.16\"")
                    .contains(
                        CRITICAL_ID + " (CRITICAL, libbsd0 0.9.1-2, fixed in 0.9.1-2+deb10u1)"));
    for (String same :
        List.of(
            "docker.io/library/nginx:1.16",
            "index.docker.io/library/nginx:1.16",
            "docker.io/nginx:1.16")) {
      assertThat(dryRunPod(ns, same, Map.of())).as(same).contains("imageVulnerabilities");
    }
    for (String other : List.of("nginx:1.17", "nginx", "registry.example.com/nginx:1.16")) {
      assertThat(dryRunPod(ns, other, Map.of())).as(other).isNull();
    }
    assertThat(dryRun(deployment("copy", "nginx:1.16", Map.of()), ns))
        .contains("imageVulnerabilities");
    awaitStatus(
        name,
        sb -> {
          VulnerabilityStatus v = sb.getStatus().vulnerabilities;
          assertThat(v).as("status.vulnerabilities").isNotNull();
          assertThat(v.admission).isEqualTo("Deny");
          assertThat(v.imagesRefused).isPositive();
          assertThat(v.wouldRefuse).isEmpty();
          assertThat(parameterKeys(name, "deny")).contains(key);
          assertThat(parameterKeys(name, "warn")).doesNotContain(key);
        });
    // bulwark status shows the check.
    com.fasterxml.jackson.databind.JsonNode json = json(status(name, "-o", "json")[1]);
    assertThat(json.at("/baselines/0/result").asText()).isEqualTo("NOT_COMPLIANT");
    assertThat(json.at("/baselines/0/vulnerabilities/vulnerable").asInt()).isEqualTo(1);
    assertThat(status(name)[1])
        .containsPattern("REPORTS +WORKLOADS +NOT SCANNED +VULNERABLE +REFUSED +PENDING +ADMISSION")
        .containsPattern(name + " +Served +1 +0 +1 +[0-9]+ +[0-9]+ +Deny");

    // The namespace's Report names the CVE, the counts and the fixed version.
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              GenericKubernetesResource report =
                  client
                      .genericKubernetesResources(OpenReport.RESOURCE)
                      .inNamespace(ns)
                      .withName(OpenReport.NAME)
                      .get();
              assertThat(report).isNotNull();
              @SuppressWarnings("unchecked")
              List<Map<String, Object>> results =
                  (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
              Map<String, Object> result =
                  results.stream()
                      .filter(r -> "imageVulnerabilities".equals(r.get("rule")))
                      .findFirst()
                      .orElseThrow();
              assertThat(result).containsEntry("severity", "critical");
              @SuppressWarnings("unchecked")
              Map<String, String> properties = (Map<String, String>) result.get("properties");
              assertThat(properties)
                  .containsEntry("critical", "1")
                  .containsEntry("vulnerabilities", CRITICAL_ID)
                  .containsEntry("fixedVersions", CRITICAL_ID + ": 0.9.1-2+deb10u1")
                  .containsEntry("image", "nginx:1.16");
            });
  }

  /**
   * A fixed image (its report below the limit) is admitted while the vulnerable one is refused;
   * matched by digest where the reference has one.
   */
  @Test
  @Order(3)
  void fixedImageIsAdmitted() {
    String ns = readyNamespace();
    String repository = "registry.example.com/" + team + "/api";
    String vulnerable = "sha256:" + "a".repeat(64);
    String fixed = "sha256:" + "b".repeat(64);
    client
        .resource(deployment("old", repository + "@" + vulnerable, Map.of()))
        .inNamespace(ns)
        .create();
    client.resource(deployment("new", repository + "@" + fixed, Map.of())).inNamespace(ns).create();
    createReport(ns, "old", "registry.example.com", team + "/api", null, vulnerable, critical());
    createReport(
        ns,
        "new",
        "registry.example.com",
        team + "/api",
        null,
        fixed,
        List.of(new Vulnerability("CVE-2024-0001", "HIGH", "openssl", "3.0.1", "3.0.2")));
    String name = "fixed-" + team;
    baseline(name, spec(""));
    await()
        .atMost(DENIED)
        .untilAsserted(
            () ->
                assertThat(dryRunPod(ns, repository + "@" + vulnerable, Map.of()))
                    .contains("imageVulnerabilities"));
    assertThat(dryRunPod(ns, repository + "@" + fixed, Map.of())).isNull();
    assertThat(dryRunPod(ns, repository + ":2.0@" + fixed, Map.of())).isNull();
    assertThat(dryRun(deployment("next", repository + "@" + fixed, Map.of()), ns)).isNull();
    awaitStatus(
        name,
        sb -> {
          VulnerabilityStatus v = sb.getStatus().vulnerabilities;
          assertThat(v).as("status.vulnerabilities").isNotNull();
          assertThat(v.workloads).isEqualTo(2);
          assertThat(v.vulnerable).isEqualTo(1);
          assertThat(v.notScanned).isZero();
          assertThat(sb.getStatus().violations.top())
              .filteredOn(t -> "imageVulnerabilities".equals(t.check()))
              .singleElement()
              .satisfies(t -> assertThat(t.name()).isEqualTo("old"));
        });
  }

  /**
   * A deleted report makes its workload "not scanned" (Compliant Unknown, a skipped result in the
   * Report), and its image is no longer refused.
   */
  @Test
  @Order(4)
  void deletedReportMeansNotScanned() {
    String ns = readyNamespace();
    String image = "registry.example.com/" + team + "/worker:3";
    client.resource(deployment("worker", image, Map.of())).inNamespace(ns).create();
    GenericKubernetesResource report =
        createReport(ns, "worker", "registry.example.com", team + "/worker", "3", null, critical());
    String name = "deleted-" + team;
    baseline(name, spec(""));
    await()
        .atMost(DENIED)
        .untilAsserted(
            () -> assertThat(dryRunPod(ns, image, Map.of())).contains("imageVulnerabilities"));

    client
        .genericKubernetesResources(TrivyVulnerabilityReports.RESOURCE)
        .inNamespace(ns)
        .resource(report)
        .delete();
    awaitStatus(
        name,
        sb -> {
          VulnerabilityStatus v = sb.getStatus().vulnerabilities;
          assertThat(v).as("status.vulnerabilities").isNotNull();
          assertThat(v.notScanned).isEqualTo(1);
          assertThat(v.vulnerable).isZero();
          assertThat(v.notScannedWorkloads)
              .containsExactly(
                  "Deployment " + ns + "/worker: container \"web\" image \"" + image + "\"");
          assertThat(union(parameterKeys(name, "deny"), parameterKeys(name, "warn")))
              .doesNotContain(ImageKey.ofImage(image).orElseThrow());
          assertThat(condition(sb, "Compliant").getStatus()).isEqualTo("Unknown");
          assertThat(condition(sb, "Compliant").getReason()).isEqualTo("NotScanned");
        });
    com.fasterxml.jackson.databind.JsonNode json = json(status(name, "-o", "json")[1]);
    assertThat(json.at("/baselines/0/result").asText()).isEqualTo("UNKNOWN");
    assertThat(json.at("/baselines/0/vulnerabilities/notScanned").asInt()).isEqualTo(1);
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertThat(dryRunPod(ns, image, Map.of())).isNull());
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              GenericKubernetesResource openReport =
                  client
                      .genericKubernetesResources(OpenReport.RESOURCE)
                      .inNamespace(ns)
                      .withName(OpenReport.NAME)
                      .get();
              assertThat(openReport).isNotNull();
              @SuppressWarnings("unchecked")
              Map<String, Object> summary =
                  (Map<String, Object>) openReport.getAdditionalProperties().get("summary");
              assertThat(summary).containsEntry("skip", 1);
            });
  }

  /**
   * Exceptions behave alike in audit and at admission: an id exception stops a CVE from counting
   * anywhere; a workload exception (spec.exceptions with the check) spares the objects it selects.
   */
  @Test
  @Order(5)
  void exceptionsByIdAndByWorkload() {
    String ns = readyNamespace();
    String accepted = "registry.example.com/" + team + "/accepted:1";
    String legacy = "registry.example.com/" + team + "/legacy:1";
    client.resource(deployment("accepted", accepted, Map.of())).inNamespace(ns).create();
    client.resource(deployment("legacy", legacy, Map.of("app", "legacy"))).inNamespace(ns).create();
    createReport(ns, "accepted", "registry.example.com", team + "/accepted", "1", null, critical());
    createReport(
        ns,
        "legacy",
        "registry.example.com",
        team + "/legacy",
        "1",
        null,
        List.of(new Vulnerability("CVE-2023-4863", "CRITICAL", "libwebp", "1.2.4", "1.2.4-0.2")));
    String name = "except-" + team;
    baseline(
        name,
        spec(
                "exceptions:\n  - ids: ["
                    + CRITICAL_ID
                    + "]\n    reason: \"SEC-42: not reachable in our build\"\n")
            + "exceptions:\n"
            + "  - checks: [imageVulnerabilities]\n"
            + "    selector: {matchLabels: {app: legacy}}\n"
            + "    reason: \"JIRA-7: legacy until its rebuild\"\n");
    awaitStatus(
        name,
        sb -> {
          VulnerabilityStatus v = sb.getStatus().vulnerabilities;
          assertThat(v).as("status.vulnerabilities").isNotNull();
          // The legacy Deployment is left out; the accepted one has nothing counted.
          assertThat(v.workloads).isEqualTo(1);
          assertThat(v.vulnerable).isZero();
          assertThat(v.notScanned).isZero();
          assertThat(sb.getStatus().violations.byCheck()).doesNotContainKey("imageVulnerabilities");
        });
    // The legacy image is refused for whatever the exception does not select.
    await()
        .atMost(DENIED)
        .untilAsserted(() -> assertThat(dryRunPod(ns, legacy, Map.of())).contains("CVE-2023-4863"));
    assertThat(dryRunPod(ns, legacy, Map.of("app", "legacy"))).isNull();
    assertThat(dryRunPod(ns, accepted, Map.of())).isNull();
    assertThat(policyParameters(name).values())
        .as("an accepted id is in no parameter object")
        .noneMatch(images -> images.containsKey("registry.example.com/" + team + "/accepted:1"));
  }

  /** The generated objects stay as written: a second look writes nothing. */
  @Test
  @Order(6)
  void anUnchangedClusterCausesNoWrites() {
    String ns = readyNamespace();
    String image = "registry.example.com/" + team + "/steady:1";
    client.resource(deployment("steady", image, Map.of())).inNamespace(ns).create();
    createReport(ns, "steady", "registry.example.com", team + "/steady", "1", null, critical());
    String name = "steady-" + team;
    baseline(name, spec(""));
    await()
        .atMost(DENIED)
        .untilAsserted(
            () -> assertThat(dryRunPod(ns, image, Map.of())).contains("imageVulnerabilities"));
    await()
        .pollDelay(TestTimings.settle())
        .atMost(TestTimings.settle().plus(CONVERGE))
        .until(() -> true);
    // The API server type-checked the policy against the parameter kind's schema, cleanly.
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              var policy =
                  client
                      .admissionRegistration()
                      .v1()
                      .validatingAdmissionPolicies()
                      .withName(VulnerabilityPolicy.name(name))
                      .get();
              assertThat(policy.getStatus()).isNotNull();
              assertThat(policy.getStatus().getTypeChecking()).isNotNull();
              assertThat(policy.getStatus().getTypeChecking().getExpressionWarnings())
                  .isNullOrEmpty();
            });
    List<String> before = generatedVersions(name);
    await()
        .pollDelay(TestTimings.quietWindow())
        .atMost(TestTimings.quietWindow().plus(CONVERGE))
        .until(() -> true);
    assertThat(generatedVersions(name)).isEqualTo(before);
  }

  /** {@code bulwark status ARGS} against the test cluster: {exit code, what it printed}. */
  private static String[] status(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.util.List<String> all =
        new java.util.ArrayList<>(
            List.of("status", "--kubeconfig", cluster.plane().kubeconfigFile().toString()));
    all.addAll(List.of(args));
    int exit =
        new picocli.CommandLine(new dev.bulwark.cli.Main())
            .setOut(new java.io.PrintWriter(out))
            .setErr(new java.io.PrintWriter(new java.io.StringWriter()))
            .execute(all.toArray(String[]::new));
    return new String[] {Integer.toString(exit), out.toString()};
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A namespace of this test whose default ServiceAccount exists, so pods can be admitted. */
  private String readyNamespace() {
    String ns = namespace(Map.of());
    await()
        .atMost(CONVERGE)
        .until(() -> client.serviceAccounts().inNamespace(ns).withName("default").get() != null);
    return ns;
  }

  private List<String> generatedVersions(String baseline) {
    List<HasMetadata> objects = new java.util.ArrayList<>();
    objects.addAll(
        client
            .admissionRegistration()
            .v1()
            .validatingAdmissionPolicies()
            .withLabel(Ownership.BASELINE_LABEL, baseline)
            .list()
            .getItems());
    objects.addAll(
        client
            .admissionRegistration()
            .v1()
            .validatingAdmissionPolicyBindings()
            .withLabel(Ownership.BASELINE_LABEL, baseline)
            .list()
            .getItems());
    objects.addAll(
        client
            .resources(VulnerableImageSet.class)
            .withLabel(Ownership.BASELINE_LABEL, baseline)
            .list()
            .getItems());
    objects.add(get(baseline));
    return versions(objects);
  }

  /** The keys in the parameter objects of {@code baseline} for {@code action} (deny, warn). */
  private Set<String> parameterKeys(String baseline, String action) {
    Set<String> keys = new java.util.TreeSet<>();
    client
        .resources(VulnerableImageSet.class)
        .withLabel(Ownership.BASELINE_LABEL, baseline)
        .withLabel(VulnerabilityPolicy.ACTION_LABEL, action)
        .list()
        .getItems()
        .forEach(s -> keys.addAll(s.getSpec().images.keySet()));
    return keys;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  /** Each parameter object's images, by object name. */
  private Map<String, Map<String, ?>> policyParameters(String baseline) {
    Map<String, Map<String, ?>> images = new java.util.TreeMap<>();
    client
        .resources(VulnerableImageSet.class)
        .withLabel(Ownership.BASELINE_LABEL, baseline)
        .list()
        .getItems()
        .forEach(s -> images.put(s.getMetadata().getName(), s.getSpec().images));
    return images;
  }

  /** The baseline spec: this test's namespaces, privileged pods allowed, the check on. */
  private static String spec(String vulnerabilitiesExtra) {
    return """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: privileged}
        images:
          vulnerabilities:
            maxSeverity: High
        """
        + vulnerabilitiesExtra.indent(4);
  }

  private static List<Vulnerability> critical() {
    return List.of(
        new Vulnerability(CRITICAL_ID, "CRITICAL", "libbsd0", "0.9.1-2", "0.9.1-2+deb10u1"),
        new Vulnerability("CVE-2021-1111", "HIGH", "libx", "1.0", ""),
        new Vulnerability("CVE-2021-2222", "LOW", "liby", "1.0", "1.1"));
  }

  private GenericKubernetesResource createReport(
      String ns,
      String workload,
      String server,
      String repository,
      String tag,
      String digest,
      List<Vulnerability> vulnerabilities) {
    return client
        .genericKubernetesResources(TrivyVulnerabilityReports.RESOURCE)
        .inNamespace(ns)
        .resource(
            TrivyVulnerabilityReports.report(
                ns,
                "ReplicaSet",
                workload,
                "web",
                server,
                repository,
                tag,
                digest,
                vulnerabilities))
        .create();
  }

  private static Deployment deployment(String name, String image, Map<String, String> labels) {
    Map<String, String> podLabels = new java.util.HashMap<>(labels);
    podLabels.put("deployment", name);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .addToMatchLabels("deployment", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** A server-side dry-run create of a pod running {@code image}: the refusal, or null. */
  private String dryRunPod(String ns, String image, Map<String, String> labels) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("try-" + Math.abs(image.hashCode()))
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage(image)
            .endContainer()
            .endSpec()
            .build();
    return dryRun(pod, ns);
  }

  private String dryRun(HasMetadata object, String ns) {
    try {
      client.resource(object).inNamespace(ns).dryRun().create();
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 422) {
        return e.getMessage();
      }
      throw e;
    }
  }

  private static long notServedWarnings() {
    return reportsLog.list.stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .filter(e -> e.getFormattedMessage().contains("served"))
        .count();
  }
}
