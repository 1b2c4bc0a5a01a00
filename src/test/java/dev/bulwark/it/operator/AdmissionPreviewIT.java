package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.testing.AuditLog;
import dev.bulwark.testing.BaselineJson;
import dev.bulwark.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, item 1: whenever a baseline's generated ValidatingAdmissionPolicies would start
 * refusing pods of existing workloads (a new baseline, Audit to Enforce, a new check, an exception
 * expiring), the baseline's status names those workloads before the first refusal. Each test probes
 * admission the way the workload's controller would (a server-side dry-run of the pod its template
 * makes) while reading status, and checks that the status read just before the first refusal names
 * the workload. The last test is the chaos of a real upgrade, with the controllers running: pods of
 * non-compliant workloads are deleted over and over after an Enforce baseline is applied, and the
 * first refused pod creation (from the API server's audit log) comes after a status naming every
 * workload.
 */
@LocalCluster(controllerManager = true)
class AdmissionPreviewIT extends OperatorTestBase {

  private static final Duration PROBE = Duration.ofSeconds(150);

  /**
   * kube-controller-manager v1.37's names of the controllers that make pods from workloads; the
   * shared control plane's own kube-controller-manager runs none of them.
   */
  private static final List<String> WORKLOAD_CONTROLLERS =
      List.of(
          "replicaset-controller",
          "deployment-controller",
          "statefulset-controller",
          "daemonset-controller",
          "job-controller",
          "cronjob-controller",
          "replicationcontroller-controller");

  private static Process workloadControllers;

  /** A second kube-controller-manager running only the workload controllers, for this class. */
  @BeforeAll
  static void startWorkloadControllers() throws Exception {
    Path log = Files.createTempFile("kube-controller-manager-workloads", ".log");
    workloadControllers =
        new ProcessBuilder(
                cluster.plane().binaries().controllerManager().toString(),
                "--kubeconfig=" + cluster.plane().kubeconfigFile(),
                "--controllers=" + String.join(",", WORKLOAD_CONTROLLERS),
                "--leader-elect=false",
                "--secure-port=0",
                "--use-service-account-credentials=false",
                "--v=1")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    System.out.println("kube-controller-manager with the workload controllers: log " + log);
  }

  @AfterAll
  static void stopWorkloadControllers() throws Exception {
    if (workloadControllers != null) {
      workloadControllers.destroy();
      if (!workloadControllers.waitFor(30, TimeUnit.SECONDS)) {
        workloadControllers.destroyForcibly();
      }
    }
  }

  /** Every audited kind, none setting resources; also a sized Deployment without probes. */
  private void workloads(String ns) {
    for (String yaml :
        List.of(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: %1$s}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: app, image: nginx:1.27}]}
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: sized, namespace: %1$s}
            spec:
              selector: {matchLabels: {app: sized}}
              template:
                metadata: {labels: {app: sized}}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                    resources:
                      limits: {cpu: 10m, memory: 16Mi, ephemeral-storage: 64Mi}
            """,
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, namespace: %1$s}
            spec:
              serviceName: db
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec: {containers: [{name: db, image: postgres:17}]}
            """,
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent, namespace: %1$s}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec: {containers: [{name: agent, image: busybox}]}
            """,
            """
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: bare, namespace: %1$s}
            spec:
              selector: {matchLabels: {app: bare}}
              template:
                metadata: {labels: {app: bare}}
                spec: {containers: [{name: app, image: busybox}]}
            """,
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate, namespace: %1$s}
            spec:
              template:
                metadata: {labels: {app: migrate}}
                spec:
                  restartPolicy: Never
                  containers: [{name: migrate, image: busybox}]
            """,
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: nightly, namespace: %1$s}
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    metadata: {labels: {app: nightly}}
                    spec:
                      restartPolicy: OnFailure
                      containers: [{name: report, image: busybox}]
            """,
            """
            apiVersion: v1
            kind: ReplicationController
            metadata: {name: classic, namespace: %1$s}
            spec:
              selector: {app: classic}
              template:
                metadata: {labels: {app: classic}}
                spec: {containers: [{name: app, image: busybox}]}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: solo, namespace: %1$s, labels: {app: solo}}
            spec: {containers: [{name: app, image: busybox}]}
            """)) {
      client.resource(Serialization.unmarshal(yaml.formatted(ns), HasMetadata.class)).create();
    }
  }

  /** What the controllers would create from a template: a pod with its labels and spec. */
  private static Pod podOf(String ns, String app, boolean sized) {
    return new PodBuilder()
        .withNewMetadata()
        .withGenerateName(app + "-")
        .withNamespace(ns)
        .addToLabels("app", app)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("nginx:1.27")
        .withNewResources()
        .addToLimits(
            sized
                ? Map.of(
                    "cpu",
                    quantity("10m"),
                    "memory",
                    quantity("16Mi"),
                    "ephemeral-storage",
                    quantity("64Mi"))
                : Map.of())
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Quantity quantity(String value) {
    return new io.fabric8.kubernetes.api.model.Quantity(value);
  }

  /**
   * Reads status, then asks for the creation of {@code pod} (a dry run), until one of the
   * baseline's own policies refuses it; returns the status read just before that refusal.
   */
  private Map<String, Object> statusAtFirstRefusal(String baseline, Pod pod) {
    AtomicReference<Map<String, Object>> seen = new AtomicReference<>();
    await()
        .atMost(PROBE)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              Map<String, Object> status = BaselineJson.status(client, baseline);
              if (refused(baseline, pod)) {
                seen.set(status);
                return true;
              }
              return false;
            });
    return seen.get();
  }

  /** Whether a dry-run create of {@code pod} is refused by one of {@code baseline}'s policies. */
  private static boolean refused(String baseline, Pod pod) {
    try {
      client.resource(pod).dryRun().create();
      return false;
    } catch (KubernetesClientException e) {
      if (e.getMessage() != null && e.getMessage().contains("bulwark-" + baseline + "-")) {
        return true;
      }
      throw e;
    }
  }

  private static void assertNames(Map<String, Object> status, String... objects) {
    List<String> refusals = BaselineJson.strings(status, "admissionPreview", "refusals");
    for (String object : objects) {
      assertThat(refusals)
          .as("status.admissionPreview.refusals read just before the first refusal")
          .anySatisfy(line -> assertThat(line).startsWith(object + ":"));
    }
  }

  @Test
  void aNewEnforceBaselineNamesEveryWorkloadItsPoliciesWouldRefuseBeforeTheyDeny() {
    String ns = namespace(Map.of());
    workloads(ns);
    String name = "preview-" + team;
    BaselineJson.create(
        client,
        name,
        team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: privileged}
        resources: {requireRequestsAndLimits: true}
        admission: {gracePeriodSeconds: 8}
        """
            .formatted(team));

    Map<String, Object> before = statusAtFirstRefusal(name, podOf(ns, "web", false));

    assertNames(
        before,
        "Deployment " + ns + "/web",
        "StatefulSet " + ns + "/db",
        "DaemonSet " + ns + "/agent",
        "ReplicaSet " + ns + "/bare",
        "Job " + ns + "/migrate",
        "CronJob " + ns + "/nightly",
        "ReplicationController " + ns + "/classic",
        "Pod " + ns + "/solo");
    assertThat(BaselineJson.strings(before, "admissionPreview", "refusals"))
        .as("a compliant workload is not named")
        .noneSatisfy(line -> assertThat(line).startsWith("Deployment " + ns + "/sized"));
    List<Event> announced = events(name, "AdmissionPreview");
    assertThat(announced).as("one AdmissionPreview Event series").hasSize(1);
    assertThat(announced.get(0).getMessage())
        .contains("Deployment " + ns + "/web")
        .contains("resourceRequests");
  }

  @Test
  void auditToEnforceAndANewCheckAreNamedBeforeTheyDeny() {
    String ns = namespace(Map.of());
    workloads(ns);
    String name = "tighten-" + team;
    BaselineJson.create(
        client,
        name,
        team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        mode: Audit
        podSecurity: {level: privileged}
        resources: {requireRequestsAndLimits: true}
        """
            .formatted(team));
    awaitStatus(name, sb -> assertThat(condition(sb, "Ready").getStatus()).isEqualTo("True"));

    mergePatch(BaselineJson.resource(client, name), "{\"spec\":{\"mode\":\"Enforce\"}}");
    assertNames(
        statusAtFirstRefusal(name, podOf(ns, "web", false)),
        "Deployment " + ns + "/web",
        "CronJob " + ns + "/nightly",
        "Pod " + ns + "/solo");

    // A new check: the sized Deployment meets the resource checks, not the probes one.
    assertThat(refused(name, podOf(ns, "sized", true))).isFalse();
    mergePatch(
        BaselineJson.resource(client, name), "{\"spec\":{\"workloads\":{\"requireProbes\":true}}}");
    Map<String, Object> before = statusAtFirstRefusal(name, podOf(ns, "sized", true));
    assertNames(before, "Deployment " + ns + "/sized");
    assertThat(BaselineJson.strings(before, "admissionPreview", "refusals"))
        .anySatisfy(line -> assertThat(line).startsWith("Deployment " + ns + "/sized: probes"));
  }

  @Test
  void anExpiringExceptionIsAnnouncedBeforeItStopsApplyingAndEndsOnTime() {
    String ns = namespace(Map.of());
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: legacy, namespace: %1$s}
                spec:
                  selector: {matchLabels: {app: legacy}}
                  template:
                    metadata: {labels: {app: legacy}}
                    spec: {containers: [{name: app, image: nginx:1.27}]}
                """
                    .formatted(ns),
                HasMetadata.class))
        .create();
    String name = "expiry-" + team;
    Instant expires =
        Instant.now().plusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    BaselineJson.create(
        client,
        name,
        team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: privileged}
        resources: {requireRequestsAndLimits: true}
        admission: {gracePeriodSeconds: 0}
        exceptions:
        - checks: [resourceRequests, resourceLimits]
          selector: {matchLabels: {app: legacy}}
          reason: JIRA-123 until the chart sets resources
          expires: "%s"
        """
            .formatted(team, expires));

    Map<String, Object> before = statusAtFirstRefusal(name, podOf(ns, "legacy", false));

    assertThat(Instant.now()).as("the exception applied until it expired").isAfter(expires);
    assertNames(before, "Deployment " + ns + "/legacy");
  }

  /**
   * The chaos of a real upgrade: existing non-compliant workloads with their controllers running,
   * an Enforce baseline applied, their pods deleted over and over. The first pod creation the API
   * server refuses (its audit log) comes after the operator published a status naming every one of
   * them.
   */
  @Test
  void aRealUpgradeNamesEveryWorkloadBeforeTheFirstPodIsRefused() throws Exception {
    String ns = namespace(Map.of());
    workloads(ns);
    // The controllers made their pods (a freshly started kube-controller-manager takes a while).
    await().atMost(PROBE).until(() -> client.pods().inNamespace(ns).list().getItems().size() >= 6);
    String name = "upgrade-" + team;
    List<String> everyWorkload =
        List.of(
            "Deployment " + ns + "/web",
            "StatefulSet " + ns + "/db",
            "DaemonSet " + ns + "/agent",
            "ReplicaSet " + ns + "/bare",
            "Job " + ns + "/migrate",
            "CronJob " + ns + "/nightly",
            "ReplicationController " + ns + "/classic");
    // (The bare pod solo goes in the first deletion and nothing makes it again.)
    List<Instant> namedAll = new CopyOnWriteArrayList<>();
    Instant applied = Instant.now();
    try (Watch watch =
        BaselineJson.resource(client, name)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource resource) {
                    Object status = resource.getAdditionalProperties().get("status");
                    @SuppressWarnings("unchecked")
                    List<String> refusals =
                        status instanceof Map<?, ?> map
                            ? BaselineJson.strings(
                                (Map<String, Object>) map, "admissionPreview", "refusals")
                            : List.of();
                    if (everyWorkload.stream()
                        .allMatch(w -> refusals.stream().anyMatch(l -> l.startsWith(w + ":")))) {
                      namedAll.add(Instant.now());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      BaselineJson.create(
          client,
          name,
          team,
          """
          namespaceSelector: {matchLabels: {team: %s}}
          podSecurity: {level: privileged}
          resources: {requireRequestsAndLimits: true}
          """
              .formatted(team));
      List<AuditLog.Request> refusedCreates = new ArrayList<>();
      await()
          .atMost(PROBE)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                // A node drain, an eviction: every pod goes, the controllers make them again.
                client.pods().inNamespace(ns).delete();
                refusedCreates.clear();
                refusedCreates.addAll(refusedPodCreates(ns, applied));
                return !refusedCreates.isEmpty();
              });
      Instant firstRefusal =
          refusedCreates.stream().map(AuditLog.Request::completed).min(Instant::compareTo).get();
      System.out.printf(
          "Upgrade chaos: baseline applied at %s, status named every workload at %s, first pod"
              + " creation refused at %s by %s (%d refused so far)%n",
          applied,
          namedAll.isEmpty() ? "never" : namedAll.get(0),
          firstRefusal,
          refusedCreates.get(0).username(),
          refusedCreates.size());
      assertThat(namedAll).as("a status naming every workload was seen").isNotEmpty();
      assertThat(namedAll.get(0))
          .as("status named every workload before the first refused pod")
          .isBefore(firstRefusal);
    }
    assertThat(
            client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "FailedCreate".equals(e.getReason())))
        .as("the controllers met the refusals")
        .isNotEmpty();
  }

  /** Pod creations in {@code ns} by anyone but the test, refused, since {@code since}. */
  private static List<AuditLog.Request> refusedPodCreates(String ns, Instant since) {
    return AuditLog.read(cluster.plane().auditLog()).stream()
        .filter(r -> "create".equals(r.verb()))
        .filter(r -> "pods".equals(r.resource()) && r.subresource().isEmpty())
        .filter(r -> ns.equals(r.namespace()))
        .filter(r -> r.code() >= 400)
        .filter(r -> !r.requestUri().contains("dryRun"))
        .filter(r -> r.completed().isAfter(since))
        .toList();
  }
}
