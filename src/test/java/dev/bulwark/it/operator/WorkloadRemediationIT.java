package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.operator.baseline.ConditionTypes;
import dev.bulwark.operator.defaults.WorkloadRemediator;
import dev.bulwark.testing.AuditLog;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.TestTimings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 4: spec.defaults.remediateWorkloads patches existing workload templates under its
 * own field manager, after a preview in status; it never writes when off, and a writer that keeps
 * changing the values back is reported once and not fought.
 *
 * <p>No kube-controller-manager: every write to these workloads is the test's own (as an
 * impersonated deployer) or the operator's, which the audit log tells apart. {@code
 * -Dbulwark.revert.seconds} sets how long the reverting writer runs (default 120, the two
 * minutes).
 */
@LocalCluster
class WorkloadRemediationIT extends OperatorTestBase {

  /** How often the reverting writer syncs: 5 s under production timings, else 2 s. */
  private static final long REVERT_PERIOD_MILLIS = TestTimings.production() ? 5000 : 2000;

  /** How long the reverting writer runs: 24 periods unless told otherwise. */
  private static final int REVERT_SECONDS =
      Integer.getInteger("bulwark.revert.seconds", (int) (24 * REVERT_PERIOD_MILLIS / 1000));

  private static final String DEPLOYER = "system:serviceaccount:gitops:sync";
  private static final String GITOPS_MANAGER = "gitops-sync";
  private static final Set<String> WORKLOAD_RESOURCES =
      Set.of("deployments", "statefulsets", "daemonsets", "replicasets", "jobs", "cronjobs");

  private KubernetesClient deployer;

  @BeforeEach
  void deployer() {
    Config config = Config.fromKubeconfig(cluster.plane().kubeconfigYaml());
    config.setImpersonateUsername(DEPLOYER);
    config.setImpersonateGroups("system:masters");
    deployer = new KubernetesClientBuilder().withConfig(config).build();
  }

  @AfterEach
  void closeDeployer() {
    deployer.close();
  }

  /** Applies {@code yaml} as the deployer, with the GitOps field manager. */
  private void deploy(String yaml) {
    deployer
        .resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class))
        .fieldManager(GITOPS_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  private static String deployment(String ns, String name, String containerSecurity) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: %s}
        spec:
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers:
              - name: app
                image: nginx:1.27
        %s
        """
        .formatted(name, ns, name, name, containerSecurity);
  }

  private void allWorkloads(String ns) {
    deploy(deployment(ns, "web", ""));
    deploy(
        deployment(
            ns,
            "own",
            "        securityContext: {allowPrivilegeEscalation: true,"
                + " capabilities: {drop: [NET_RAW]}}"));
    deploy(
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: %s}
        spec:
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              containers: [{name: db, image: postgres:17}]
        """
            .formatted(ns));
    deploy(
        """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: %s}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec:
              initContainers: [{name: setup, image: busybox}]
              containers: [{name: agent, image: busybox}]
        """
            .formatted(ns));
    deploy(
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: bare, namespace: %s}
        spec:
          selector: {matchLabels: {app: bare}}
          template:
            metadata: {labels: {app: bare}}
            spec:
              containers: [{name: app, image: busybox}]
        """
            .formatted(ns));
    String webUid =
        deployer.apps().deployments().inNamespace(ns).withName("web").get().getMetadata().getUid();
    deploy(
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web-123
          namespace: %s
          ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: %s, controller: true}]
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: app, image: nginx:1.27}]
        """
            .formatted(ns, webUid));
    deploy(
        """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly, namespace: %s}
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers: [{name: report, image: busybox}]
        """
            .formatted(ns));
    deploy(
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate, namespace: %s}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: migrate, image: busybox}]
        """
            .formatted(ns));
  }

  /**
   * Writes to workloads of {@code ns} by anyone but the deployer (the operator) since {@code t}.
   */
  private static List<AuditLog.Request> operatorWorkloadWrites(String ns, Instant since) {
    return AuditLog.read(cluster.plane().auditLog()).stream()
        .filter(AuditLog.Request::write)
        .filter(r -> r.completed().isAfter(since))
        .filter(r -> !DEPLOYER.equals(r.username()))
        .filter(r -> ns.equals(r.namespace()))
        .filter(r -> WORKLOAD_RESOURCES.contains(r.resource()))
        .toList();
  }

  @Test
  void remediationNeverWritesWhenOff() {
    String ns = namespace(Map.of());
    String name = "off-" + team;
    Instant start = Instant.now();
    allWorkloads(ns);
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted}
        defaults: {admission: false}
        """);
    // The operator had its chance: it audited these very workloads, and then applied a later
    // generation everywhere (Ready=True at generation 2 only once every namespace evaluated it).
    awaitStatus(
        name,
        sb ->
            assertThat(sb.getStatus().violations.top())
                .anySatisfy(v -> assertThat(v.name()).isEqualTo("web")));
    mergePatch(
        client.resources(SecurityBaseline.class).withName(name), "{\"spec\":{\"priority\":1}}");
    awaitStatus(
        name,
        sb -> {
          assertThat(sb.getStatus().observedGeneration).isEqualTo(2L);
          assertThat(condition(sb, ConditionTypes.READY).getStatus()).isEqualTo("True");
          assertThat(condition(sb, ConditionTypes.READY).getObservedGeneration()).isEqualTo(2L);
        });

    assertThat(operatorWorkloadWrites(ns, start))
        .as("writes to workloads by the operator")
        .isEmpty();
    assertThat(get(name).getStatus().remediation).as("no remediation status when off").isNull();
    assertThat(template(deployer.apps().deployments().inNamespace(ns).withName("web").get()))
        .extracting(PodSpec::getSecurityContext)
        .satisfies(sc -> assertThat(sc == null || sc.getSeccompProfile() == null).isTrue());
  }

  @Test
  void remediationPreviewsThenFillsInOnlyUnsetValuesUnderItsOwnFieldManager() {
    String ns = namespace(Map.of());
    String name = "on-" + team;
    Instant start = Instant.now();
    allWorkloads(ns);
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: privileged}
        defaults: {remediateWorkloads: true}
        """);

    await()
        .atMost(CONVERGE)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              var apps = deployer.apps();
              for (HasMetadata w :
                  List.<HasMetadata>of(
                      apps.deployments().inNamespace(ns).withName("web").get(),
                      apps.statefulSets().inNamespace(ns).withName("db").get(),
                      apps.daemonSets().inNamespace(ns).withName("agent").get(),
                      apps.replicaSets().inNamespace(ns).withName("bare").get(),
                      deployer.batch().v1().cronjobs().inNamespace(ns).withName("nightly").get())) {
                PodSpec spec = template(w);
                assertThat(spec.getSecurityContext().getSeccompProfile().getType())
                    .as(w.getKind())
                    .isEqualTo("RuntimeDefault");
                List<io.fabric8.kubernetes.api.model.Container> all =
                    new java.util.ArrayList<>(spec.getContainers());
                if (spec.getInitContainers() != null) {
                  all.addAll(spec.getInitContainers());
                }
                assertThat(all)
                    .allSatisfy(
                        c -> {
                          assertThat(c.getSecurityContext().getAllowPrivilegeEscalation())
                              .as(w.getKind() + " " + c.getName())
                              .isFalse();
                          assertThat(c.getSecurityContext().getCapabilities().getDrop())
                              .containsExactly("ALL");
                        });
                assertThat(w.getMetadata().getManagedFields())
                    .anySatisfy(
                        f ->
                            assertThat(f.getManager()).isEqualTo(WorkloadRemediator.FIELD_MANAGER));
              }
            });

    var own =
        template(deployer.apps().deployments().inNamespace(ns).withName("own").get())
            .getContainers()
            .get(0)
            .getSecurityContext();
    assertThat(own.getAllowPrivilegeEscalation()).as("a value the template sets is kept").isTrue();
    assertThat(own.getCapabilities().getDrop()).containsExactly("NET_RAW");
    assertThat(
            template(deployer.apps().replicaSets().inNamespace(ns).withName("web-123").get())
                .getSecurityContext())
        .as("a ReplicaSet a Deployment owns is left to its Deployment")
        .satisfies(sc -> assertThat(sc == null || sc.getSeccompProfile() == null).isTrue());

    awaitStatus(
        name,
        sb -> {
          var remediation = sb.getStatus().remediation;
          assertThat(remediation).isNotNull();
          assertThat(remediation.previewedGeneration).isEqualTo(1L);
          assertThat(remediation.remediated).isEqualTo(6);
          assertThat(remediation.preview)
              .containsExactly(
                  "Job " + ns + "/migrate: not patched, a Job's pod template is immutable");
        });

    // The preview was published before the first template write: a status write of this
    // baseline precedes the operator's first write to a workload.
    List<AuditLog.Request> log = AuditLog.read(cluster.plane().auditLog());
    Instant firstWorkloadWrite =
        operatorWorkloadWrites(ns, start).stream()
            .map(AuditLog.Request::completed)
            .min(Instant::compareTo)
            .orElseThrow();
    assertThat(
            log.stream()
                .filter(AuditLog.Request::write)
                .filter(r -> "securitybaselines".equals(r.resource()))
                .filter(r -> "status".equals(r.subresource()))
                .filter(r -> name.equals(r.name()))
                .filter(r -> r.completed().isBefore(firstWorkloadWrite)))
        .isNotEmpty();
  }

  @Test
  void aWriterRevertingEveryFiveSecondsIsReportedOnceAndNotFought() throws Exception {
    String ns = namespace(Map.of());
    String name = "revert-" + team;
    deploy(deployment(ns, "web", ""));
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: privileged}
        defaults: {remediateWorkloads: true}
        """);
    await()
        .atMost(CONVERGE)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        template(
                                deployer.apps().deployments().inNamespace(ns).withName("web").get())
                            .getSecurityContext()
                            .getSeccompProfile())
                    .isNotNull());

    Instant started = Instant.now();
    int reverts = 0;
    int syncs = 0;
    for (Instant end = started.plusSeconds(REVERT_SECONDS); Instant.now().isBefore(end); ) {
      Deployment web = deployer.apps().deployments().inNamespace(ns).withName("web").get();
      PodSpec spec = template(web);
      boolean remediated =
          spec.getSecurityContext() != null
              && spec.getSecurityContext().getSeccompProfile() != null;
      // Every 5 s the writer syncs its version (a template annotation, so every sync is an event
      // the operator sees) and removes the remediated values whenever they are there.
      String sync =
          "{\"op\": \"add\", \"path\": \"/spec/template/metadata/annotations\","
              + " \"value\": {\"gitops/sync\": \""
              + syncs
              + "\"}}";
      String revert =
          remediated
              ? ", {\"op\": \"remove\", \"path\": \"/spec/template/spec/securityContext/seccompProfile\"},"
                  + " {\"op\": \"remove\", \"path\": \"/spec/template/spec/containers/0/securityContext\"}"
              : "";
      deployer
          .apps()
          .deployments()
          .inNamespace(ns)
          .withName("web")
          .patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.JSON)
                  .withFieldManager(GITOPS_MANAGER)
                  .build(),
              "[" + sync + revert + "]");
      syncs++;
      if (remediated) {
        reverts++;
      }
      Thread.sleep(REVERT_PERIOD_MILLIS);
    }

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              Condition reverted = condition(get(name), ConditionTypes.REMEDIATION_REVERTED);
              assertThat(reverted.getStatus()).isEqualTo("True");
              assertThat(reverted.getReason()).isEqualTo("ChangedBack");
              assertThat(reverted.getMessage())
                  .contains("Deployment " + ns + "/web")
                  .contains(GITOPS_MANAGER);
            });
    List<Event> events = events(name, "RemediationReverted");
    assertThat(events).as("exactly one Event").hasSize(1);
    assertThat(events.get(0).getCount()).isIn(null, 1);
    long bulwarkWrites =
        operatorWorkloadWrites(ns, started.minus(Duration.ofMinutes(5))).stream()
            .filter(r -> "web".equals(r.name()))
            .count();
    System.out.printf(
        "Reverting writer for %d s: it wrote %d time(s), reverted %d time(s); Bulwark wrote the"
            + " Deployment %d time(s)%n",
        REVERT_SECONDS, syncs, reverts, bulwarkWrites);
    assertThat(reverts).as("the writer had something to revert").isGreaterThanOrEqualTo(1);
    assertThat(bulwarkWrites).as("Bulwark's writes to the Deployment").isBetween(1L, 2L);
    var remediation = get(name).getStatus().remediation;
    assertThat(remediation.revertedCount).isEqualTo(1);
    assertThat(remediation.reverted)
        .singleElement()
        .asString()
        .startsWith("Deployment " + ns + "/web");
  }

  private static PodSpec template(HasMetadata workload) {
    return dev.bulwark.policy.WorkloadPods.extract(workload).orElseThrow().spec();
  }
}
