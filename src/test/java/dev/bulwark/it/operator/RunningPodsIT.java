package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.cli.Main;
import dev.bulwark.operator.baseline.ConditionTypes;
import dev.bulwark.report.OpenReport;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.OpenReportsCrds;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Issue 20: a baseline's status, its Report and {@code bulwark status} describe the pods that run,
 * not only their controllers' templates. With the workload controllers of kube-controller-manager
 * making the pods: a StatefulSet's old pod under {@code OnDelete} and under a {@code partition}, a
 * DaemonSet's old pod under {@code OnDelete}, a Deployment's old ReplicaSet's pod in a rollout that
 * cannot finish, an ephemeral container added by {@code kubectl debug} (profiles {@code sysadmin}:
 * privileged, and {@code general}: {@code SYS_PTRACE}), and an init container running as root with
 * {@code NET_ADMIN} that a mutating admission policy injects into every pod, or that a pod the
 * ReplicaSet adopted carries. Such a pod is named by itself and its container; a pod equal to its
 * template is covered by the template (named once, by the controller), whatever the API server and
 * the controllers add to every pod.
 */
@LocalCluster(controllerManager = true, workloadControllers = true)
class RunningPodsIT extends OperatorTestBase {

  /** Controllers make pods asynchronously, and rollouts take a few of their syncs. */
  private static final Duration PODS = Duration.ofSeconds(90);

  @BeforeAll
  static void installOpenReports() {
    OpenReportsCrds.install(cluster);
  }

  @AfterAll
  static void removeOpenReports() {
    OpenReportsCrds.uninstall(cluster);
  }

  @Test
  void aStatefulSetsPodKeptByOnDeleteIsReportedUntilItIsReplaced() {
    String ns = namespace(Map.of());
    String name = baselineAt("baseline");
    client.resource(statefulSet(ns, "web", 1, privileged(true), "OnDelete", null)).create();
    awaitPods(ns, "app", "web", 1);
    // The pod runs the template: the template's finding stands for it, once, named by the
    // StatefulSet.
    awaitViolations(
        name,
        v ->
            assertThat(v)
                .anyMatch(s -> s.startsWith("StatefulSet/web privileged"))
                .noneMatch(s -> s.startsWith("Pod/")));

    unprivileged(client.apps().statefulSets().inNamespace(ns).withName("web"));

    awaitViolations(name, v -> assertThat(v).containsExactly("Pod/web-0 privileged Container:app"));
    SecurityBaseline sb = get(name);
    assertThat(condition(sb, ConditionTypes.COMPLIANT).getStatus()).isEqualTo("False");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(reportResults(ns))
                    .containsExactly(
                        "Pod/web-0 privileged"
                            + " {cisControl=5.2.2, container=app, containerType=Container}"));
    StatusRun status = status(name);
    assertThat(status.exitCode()).as(status.out()).isEqualTo(3);
    assertThat(status.out()).contains(ns);

    // Replaced by the controller from the fixed template: its finding goes.
    client.pods().inNamespace(ns).withName("web-0").delete();
    awaitViolations(name, v -> assertThat(v).isEmpty());
    assertThat(condition(get(name), ConditionTypes.COMPLIANT).getStatus()).isEqualTo("True");
    await().atMost(CONVERGE).untilAsserted(() -> assertThat(reportResults(ns)).isEmpty());
    assertThat(status(name).exitCode()).isZero();
  }

  @Test
  void aStatefulSetsPodsBelowThePartitionKeepTheOldRevisionAndAreReported() {
    String ns = namespace(Map.of());
    String name = baselineAt("baseline");
    client.resource(statefulSet(ns, "db", 2, privileged(true), "RollingUpdate", 1)).create();
    awaitPods(ns, "app", "db", 2);

    unprivileged(client.apps().statefulSets().inNamespace(ns).withName("db"));
    // db-1 (at or above the partition) is replaced from the new template; db-0 is not.
    await()
        .atMost(PODS)
        .untilAsserted(
            () -> {
              StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName("db").get();
              Pod updated = client.pods().inNamespace(ns).withName("db-1").get();
              assertThat(updated).isNotNull();
              assertThat(sts.getStatus().getUpdateRevision()).isNotNull();
              assertThat(updated.getMetadata().getLabels())
                  .containsEntry("controller-revision-hash", sts.getStatus().getUpdateRevision());
            });

    awaitViolations(name, v -> assertThat(v).containsExactly("Pod/db-0 privileged Container:app"));
    assertThat(condition(get(name), ConditionTypes.COMPLIANT).getStatus()).isEqualTo("False");
  }

  @Test
  void aDaemonSetsPodKeptByOnDeleteIsReported() {
    String ns = namespace(Map.of());
    String node = "node-" + team;
    // No kubelet: a Node object is enough for the DaemonSet controller to make a pod for it.
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build())
        .create();
    try {
      String name = baselineAt("baseline");
      client
          .resource(
              new DaemonSetBuilder()
                  .withNewMetadata()
                  .withName("agent")
                  .withNamespace(ns)
                  .endMetadata()
                  .withNewSpec()
                  .withNewSelector()
                  .addToMatchLabels("app", "agent")
                  .endSelector()
                  .withTemplate(agent(true))
                  .withNewUpdateStrategy()
                  .withType("OnDelete")
                  .endUpdateStrategy()
                  .endSpec()
                  .build())
          .create();
      List<Pod> pods = awaitPods(ns, "app", "agent", 1);

      unprivileged(client.apps().daemonSets().inNamespace(ns).withName("agent"));

      awaitViolations(
          name,
          v ->
              assertThat(v)
                  .containsExactly(
                      "Pod/" + pods.get(0).getMetadata().getName() + " privileged Container:app"));
    } finally {
      client.nodes().withName(node).delete();
    }
  }

  /**
   * The agent's template; it tolerates every taint, as the node is new and never ready (the API
   * server taints it {@code node.kubernetes.io/not-ready}).
   */
  private static PodTemplateSpec agent(boolean privileged) {
    PodTemplateSpec template = template("agent", privileged(privileged));
    template
        .getSpec()
        .setTolerations(
            List.of(
                new io.fabric8.kubernetes.api.model.TolerationBuilder()
                    .withOperator("Exists")
                    .build()));
    return template;
  }

  @Test
  void aRolloutThatCannotFinishLeavesTheOldReplicaSetsPodAndItIsReported() {
    String ns = namespace(Map.of());
    String name = baselineAt("baseline");
    client.resource(deployment(ns, "shop", 1, privileged(true))).create();
    Pod old = awaitPods(ns, "app", "shop", 1).get(0);

    // No kubelet: the new pod never becomes available, so the old ReplicaSet keeps its pod.
    unprivileged(client.apps().deployments().inNamespace(ns).withName("shop"));
    awaitPods(ns, "app", "shop", 2);

    awaitViolations(
        name,
        v ->
            assertThat(v)
                .containsExactly(
                    "Pod/" + old.getMetadata().getName() + " privileged Container:app"));
  }

  @ParameterizedTest(name = "kubectl debug --profile={0}")
  @CsvSource({"sysadmin, privileged", "general, capabilities_baseline"})
  void anEphemeralContainerAddedByKubectlDebugIsReportedByItsPodAndName(
      String profile, String check) {
    String ns = namespace(Map.of());
    String name = baselineAt("baseline");
    client.resource(statefulSet(ns, "api", 1, privileged(false), "RollingUpdate", null)).create();
    awaitPods(ns, "app", "api", 1);
    awaitStatus(
        name,
        sb -> assertThat(condition(sb, ConditionTypes.COMPLIANT).getStatus()).isEqualTo("True"));

    TestCluster.KubectlResult debug =
        cluster.kubectl(
            "debug",
            "-n",
            ns,
            "api-0",
            "--image=busybox:1.36",
            "--container=debugger",
            "--profile=" + profile,
            "--attach=false");
    assertThat(debug.exitCode()).as(debug.output()).isZero();

    awaitViolations(
        name,
        v -> assertThat(v).containsExactly("Pod/api-0 " + check + " EphemeralContainer:debugger"));
    assertThat(condition(get(name), ConditionTypes.COMPLIANT).getStatus()).isEqualTo("False");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(reportResults(ns))
                    .singleElement()
                    .asString()
                    .startsWith("Pod/api-0 " + check)
                    .contains("container=debugger", "containerType=EphemeralContainer"));
  }

  @Test
  void anInitContainerAMutatingAdmissionPolicyInjectsIntoEveryPodIsReportedPerPod() {
    String ns = namespace(Map.of());
    String name = baselineAt("baseline");
    String policy = "mesh-inject-" + team;
    client.resource(meshInjection(policy)).create();
    client.resource(meshInjectionBinding(policy, ns)).create();
    try {
      // The API server loads a new policy within a second or so: wait until it injects.
      await()
          .atMost(CONVERGE)
          .until(
              () ->
                  !client
                      .pods()
                      .inNamespace(ns)
                      .resource(
                          new PodBuilder()
                              .withNewMetadata()
                              .withName("probe")
                              .endMetadata()
                              .withSpec(privileged(false))
                              .build())
                      .dryRun()
                      .create()
                      .getSpec()
                      .getInitContainers()
                      .isEmpty());
      client.resource(deployment(ns, "cart", 2, privileged(false))).create();
      List<Pod> pods = awaitPods(ns, "app", "cart", 2);
      assertThat(pods)
          .allSatisfy(
              p ->
                  assertThat(p.getSpec().getInitContainers())
                      .extracting(c -> c.getName())
                      .containsExactly("mesh-init"));

      awaitViolations(
          name,
          v ->
              assertThat(v)
                  .containsExactlyInAnyOrder(
                      pods.stream()
                          .map(
                              p ->
                                  "Pod/"
                                      + p.getMetadata().getName()
                                      + " capabilities_baseline InitContainer:mesh-init")
                          .toArray(String[]::new)));
    } finally {
      client
          .genericKubernetesResources(
              "admissionregistration.k8s.io/v1", "MutatingAdmissionPolicyBinding")
          .withName(policy)
          .delete();
      client
          .genericKubernetesResources("admissionregistration.k8s.io/v1", "MutatingAdmissionPolicy")
          .withName(policy)
          .delete();
    }
  }

  @Test
  void aPodTheReplicaSetAdoptedWithAnExtraRootInitContainerIsReported() {
    String ns = namespace(Map.of());
    String name = baselineAt("baseline");
    // What a mutating webhook leaves: the template's pod plus an init container as root with
    // NET_ADMIN. Made first, then adopted by the ReplicaSet (which then makes no pod of its own).
    PodSpec injected = privileged(false);
    injected.setInitContainers(
        List.of(
            new ContainerBuilder()
                .withName("mesh-init")
                .withImage("mesh/init:1.0")
                .withNewSecurityContext()
                .withRunAsUser(0L)
                .withNewCapabilities()
                .addToAdd("NET_ADMIN")
                .endCapabilities()
                .endSecurityContext()
                .build()));
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("cart-injected")
                .withNamespace(ns)
                .addToLabels("app", "cart")
                .endMetadata()
                .withSpec(injected)
                .build())
        .create();
    client
        .resource(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withName("cart")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", "cart")
                .endSelector()
                .withTemplate(template("cart", privileged(false)))
                .endSpec()
                .build())
        .create();
    await()
        .atMost(PODS)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .pods()
                            .inNamespace(ns)
                            .withName("cart-injected")
                            .get()
                            .getMetadata()
                            .getOwnerReferences())
                    .as("owner references of the adopted pod")
                    .singleElement()
                    .satisfies(o -> assertThat(o.getKind()).isEqualTo("ReplicaSet")));

    awaitViolations(
        name,
        v ->
            assertThat(v)
                .containsExactly(
                    "Pod/cart-injected capabilities_baseline InitContainer:mesh-init"));
    assertThat(awaitPods(ns, "app", "cart", 1)).hasSize(1);
  }

  /**
   * What the API server and the controllers add to every pod (the LimitRange's resources, the
   * AppArmor field copied from the deprecated annotation, a StatefulSet's claim volumes and
   * identity, a Job's labels and environment, labels with hashes) does not make a pod differ: with
   * many pods, each template's findings are counted once, by the controller, and no pod is named.
   */
  @Test
  void podsTheControllersMadeFromTheTemplateAreCoveredByItAndCountedOnce() {
    String ns = namespace(Map.of());
    client
        .resource(
            new LimitRangeBuilder()
                .withNewMetadata()
                .withName("defaults")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .addNewLimit()
                .withType("Container")
                .addToDefault("cpu", new Quantity("500m"))
                .addToDefault("memory", new Quantity("256Mi"))
                .addToDefaultRequest("cpu", new Quantity("100m"))
                .addToDefaultRequest("memory", new Quantity("128Mi"))
                .endLimit()
                .endSpec()
                .build())
        .create();
    // Bulwark's checks that read what the API server fills in on pods only (resources from the
    // LimitRange, the default service account), and the probes the templates lack.
    String name =
        baselineAt(
            "baseline",
            """
            resources: {requireRequestsAndLimits: true}
            workloads: {requireProbes: true, forbidDefaultServiceAccount: true}
            """);
    io.fabric8.kubernetes.api.model.apps.Deployment webDeployment =
        deployment(ns, "web", 3, privileged(true));
    webDeployment
        .getSpec()
        .getTemplate()
        .getMetadata()
        .setAnnotations(
            Map.of("container.apparmor.security.beta.kubernetes.io/app", "runtime/default"));
    client.resource(webDeployment).create();
    StatefulSet sts = statefulSet(ns, "db", 2, privileged(true), "RollingUpdate", null);
    sts.getSpec()
        .setVolumeClaimTemplates(
            List.of(
                new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder()
                    .withNewMetadata()
                    .withName("data")
                    .endMetadata()
                    .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withNewResources()
                    .addToRequests("storage", new Quantity("1Gi"))
                    .endResources()
                    .endSpec()
                    .build()));
    client.resource(sts).create();
    PodSpec job = privileged(true);
    job.setRestartPolicy("Never");
    client
        .resource(
            new JobBuilder()
                .withNewMetadata()
                .withName("migrate")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withParallelism(2)
                .withCompletions(4)
                .withCompletionMode("Indexed")
                .withNewTemplate()
                .withSpec(job)
                .endTemplate()
                .endSpec()
                .build())
        .create();
    awaitPods(ns, "app", "web", 3);
    awaitPods(ns, "app", "db", 2);
    await()
        .atMost(PODS)
        .until(
            () ->
                client
                        .pods()
                        .inNamespace(ns)
                        .withLabel("job-name", "migrate")
                        .list()
                        .getItems()
                        .size()
                    == 2);
    // Made from the templates as the API server made them: the LimitRange's resources, the
    // AppArmor field copied from the deprecated annotation. (The test API server runs without the
    // ServiceAccount admission plugin: no account name or token volume is added here.)
    Pod web = client.pods().inNamespace(ns).withLabel("app", "web").list().getItems().get(0);
    assertThat(web.getSpec().getContainers().get(0).getResources().getLimits()).isNotEmpty();
    assertThat(web.getSpec().getContainers().get(0).getSecurityContext().getAppArmorProfile())
        .isNotNull();

    awaitViolations(
        name,
        v ->
            assertThat(v)
                .filteredOn(s -> s.contains(" privileged "))
                .containsExactlyInAnyOrder(
                    "Deployment/web privileged Container:app",
                    "StatefulSet/db privileged Container:app",
                    "Job/migrate privileged Container:app"));
    SecurityBaseline sb = get(name);
    assertThat(sb.getStatus().violations.top())
        .as("every violation listed")
        .hasSize(sb.getStatus().violations.total());
    assertThat(violations(sb))
        .as("the templates' findings, once each")
        .contains(
            "Deployment/web resourceLimits Container:app",
            "Deployment/web defaultServiceAccount",
            "StatefulSet/db probes Container:app")
        .noneMatch(s -> s.startsWith("Pod/"));
  }

  // ------------------------------------------------------------------ helpers

  /** An Audit baseline at {@code level} over this test's namespaces. */
  private String baselineAt(String level) {
    return baselineAt(level, "");
  }

  /** An Audit baseline at {@code level} over this test's namespaces, plus {@code more} spec. */
  private String baselineAt(String level, String more) {
    String name = "runs-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        mode: Audit
        podSecurity: {level: LEVEL}
        """
                .replace("LEVEL", level)
            + more);
    return name;
  }

  /** {@code Kind/name check ContainerType:container} of each violation in the status. */
  private static List<String> violations(SecurityBaseline sb) {
    return sb.getStatus().violations.top().stream().map(RunningPodsIT::describe).toList();
  }

  private static String describe(Violation v) {
    return v.kind()
        + "/"
        + v.name()
        + " "
        + v.check()
        + (v.container() == null ? "" : " " + v.container().type() + ":" + v.container().name());
  }

  private void awaitViolations(String baseline, Consumer<List<String>> assertions) {
    await()
        .atMost(PODS)
        .untilAsserted(
            () -> {
              SecurityBaseline sb = get(baseline);
              assertThat(sb.getStatus()).as("status of " + baseline).isNotNull();
              assertThat(sb.getStatus().namespaces.matched()).isEqualTo(1);
              assertions.accept(violations(sb));
            });
  }

  /** {@code Kind/name rule {properties}} of each result of the namespace's Report. */
  @SuppressWarnings("unchecked")
  private static List<String> reportResults(String namespace) {
    GenericKubernetesResource report =
        client
            .genericKubernetesResources(OpenReport.RESOURCE)
            .inNamespace(namespace)
            .withName(OpenReport.NAME)
            .get();
    assertThat(report).as("Report in " + namespace).isNotNull();
    List<Map<String, Object>> results =
        (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
    return results == null
        ? List.of()
        : results.stream()
            .map(
                r -> {
                  Map<String, Object> resource =
                      ((List<Map<String, Object>>) r.get("resources")).get(0);
                  return resource.get("kind")
                      + "/"
                      + resource.get("name")
                      + " "
                      + r.get("rule")
                      + " "
                      + new java.util.TreeMap<>((Map<String, Object>) r.get("properties"));
                })
            .toList();
  }

  private record StatusRun(int exitCode, String out) {}

  /** {@code bulwark status BASELINE} against the test cluster, in-process. */
  private static StatusRun status(String baseline) {
    StringWriter out = new StringWriter();
    int code =
        new CommandLine(new Main())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(out))
            .execute(
                "status", baseline, "--kubeconfig", cluster.plane().kubeconfigFile().toString());
    return new StatusRun(code, out.toString());
  }

  /** Waits until {@code count} pods labelled {@code key=value} exist, and returns them. */
  private static List<Pod> awaitPods(String namespace, String key, String value, int count) {
    await()
        .atMost(PODS)
        .until(
            () ->
                client.pods().inNamespace(namespace).withLabel(key, value).list().getItems().size()
                    >= count);
    return client.pods().inNamespace(namespace).withLabel(key, value).list().getItems();
  }

  /** One container {@code app}, privileged or not (no other setting: passes baseline if not). */
  private static PodSpec privileged(boolean privileged) {
    return new PodSpecBuilder()
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/app:1")
        .withNewSecurityContext()
        .withPrivileged(privileged)
        .endSecurityContext()
        .endContainer()
        .build();
  }

  private static PodTemplateSpec template(String app, PodSpec spec) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", app)
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  /**
   * Makes the workload's container {@code app} unprivileged by a JSON merge patch, as {@code
   * kubectl patch --type merge} does: no resourceVersion, so the controller's own status writes
   * never make it conflict.
   */
  private static void unprivileged(io.fabric8.kubernetes.client.dsl.Resource<?> workload) {
    mergePatch(
        workload,
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\","
            + "\"image\":\"registry.example/app:1\",\"securityContext\":{\"privileged\":false}}]}}}}");
  }

  private static StatefulSet statefulSet(
      String namespace,
      String name,
      int replicas,
      PodSpec spec,
      String strategy,
      Integer partition) {
    StatefulSetBuilder sts =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .withServiceName(name)
            // Pods never become ready without a kubelet: make them all at once.
            .withPodManagementPolicy("Parallel")
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withTemplate(template(name, spec))
            .withNewUpdateStrategy()
            .withType(strategy)
            .endUpdateStrategy()
            .endSpec();
    StatefulSet built = sts.build();
    if (partition != null) {
      built
          .getSpec()
          .getUpdateStrategy()
          .setRollingUpdate(
              new io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategyBuilder()
                  .withPartition(partition)
                  .build());
    }
    return built;
  }

  private static io.fabric8.kubernetes.api.model.apps.Deployment deployment(
      String namespace, String name, int replicas, PodSpec spec) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withTemplate(template(name, spec))
        .endSpec()
        .build();
  }

  /**
   * A MutatingAdmissionPolicy doing what a service mesh's webhook does: every new pod in the bound
   * namespaces gets an init container running as root with NET_ADMIN.
   */
  private static GenericKubernetesResource meshInjection(String name) {
    return Serialization.unmarshal(
        """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingAdmissionPolicy
        metadata: {name: NAME}
        spec:
          failurePolicy: Fail
          reinvocationPolicy: Never
          matchConstraints:
            resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}
          mutations:
          - patchType: JSONPatch
            jsonPatch:
              expression: >-
                [JSONPatch{op: "add", path: "/spec/initContainers", value: [
                  Object.spec.initContainers{name: "mesh-init", image: "mesh/init:1.0",
                    securityContext: Object.spec.initContainers.securityContext{runAsUser: 0,
                      capabilities: Object.spec.initContainers.securityContext.capabilities{
                        add: ["NET_ADMIN"]}}}]}]
        """
            .replace("NAME", name),
        GenericKubernetesResource.class);
  }

  private static GenericKubernetesResource meshInjectionBinding(String policy, String namespace) {
    return Serialization.unmarshal(
        """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingAdmissionPolicyBinding
        metadata: {name: NAME}
        spec:
          policyName: NAME
          matchResources:
            namespaceSelector:
              matchLabels: {kubernetes.io/metadata.name: NAMESPACE}
        """
            .replace("NAMESPACE", namespace)
            .replace("NAME", policy),
        GenericKubernetesResource.class);
  }
}
