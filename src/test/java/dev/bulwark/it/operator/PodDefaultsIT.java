package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.defaults.DefaultingPolicy;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestTimings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 3: spec.defaults.admission generates a MutatingAdmissionPolicy that fills in the
 * restricted values a pod leaves unset, in the API server itself, so a pod from a typical chart is
 * admitted into a restricted namespace, also while the operator is stopped; values a pod sets are
 * kept.
 */
@LocalCluster(controllerManager = true)
class PodDefaultsIT extends OperatorTestBase {

  /** Roughly what `helm template` renders for a web chart that sets no securityContext. */
  private static Pod chartPod(String namespace, String name) {
    return Serialization.unmarshal(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: %s
          labels: {app.kubernetes.io/name: web, app.kubernetes.io/instance: shop}
        spec:
          initContainers:
          - name: wait-for-db
            image: busybox:1.36
            command: [sh, -c, "until nc -z db 5432; do sleep 1; done"]
          containers:
          - name: web
            image: nginx:1.27
            ports: [{name: http, containerPort: 8080}]
            env: [{name: LOG_LEVEL, value: info}]
            readinessProbe: {httpGet: {path: /healthz, port: http}}
            resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
            volumeMounts: [{name: tmp, mountPath: /tmp}]
          volumes:
          - {name: tmp, emptyDir: {}}
        """
            .formatted(name, namespace),
        Pod.class);
  }

  private Resource<GenericKubernetesResource> policy(String baseline) {
    return client
        .genericKubernetesResources(DefaultingPolicy.API_VERSION, DefaultingPolicy.POLICY_KIND)
        .withName(DefaultingPolicy.name(baseline));
  }

  private Resource<GenericKubernetesResource> binding(String baseline) {
    return client
        .genericKubernetesResources(DefaultingPolicy.API_VERSION, DefaultingPolicy.BINDING_KIND)
        .withName(DefaultingPolicy.name(baseline));
  }

  /** Waits until the policy and binding exist and a dry-run pod comes back defaulted. */
  private void awaitDefaulting(String ns, String baseline) {
    await()
        .atMost(CONVERGE)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(policy(baseline).get()).isNotNull();
              assertThat(binding(baseline).get()).isNotNull();
              Pod probe = client.resource(chartPod(ns, "probe")).dryRun().create();
              assertThat(probe.getSpec().getSecurityContext().getSeccompProfile()).isNotNull();
            });
  }

  @Test
  void
      aChartPodWithoutSecurityContextIsAdmittedIntoARestrictedNamespaceEvenWithTheOperatorStopped() {
    String ns = namespace(Map.of());
    String name = "defaults-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted}
        defaults: {admission: true, runAsNonRoot: true}
        """);
    awaitStatus(name, sb -> assertThat(condition(sb, "Ready").getStatus()).isEqualTo("True"));
    assertThat(client.namespaces().withName(ns).get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    awaitDefaulting(ns, name);

    Pod admitted = client.resource(chartPod(ns, "web")).create();
    assertDefaulted(admitted);

    operator.close();
    try {
      Pod whileStopped = client.resource(chartPod(ns, "web-2")).create();
      assertDefaulted(whileStopped);
    } finally {
      operator = RunningOperator.start(cluster);
    }
  }

  private static void assertDefaulted(Pod pod) {
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    List<Container> all =
        List.of(pod.getSpec().getContainers().get(0), pod.getSpec().getInitContainers().get(0));
    assertThat(all)
        .allSatisfy(
            c -> {
              assertThat(c.getSecurityContext().getAllowPrivilegeEscalation())
                  .as(c.getName())
                  .isFalse();
              assertThat(c.getSecurityContext().getCapabilities().getDrop())
                  .as(c.getName())
                  .containsExactly("ALL");
            });
  }

  @Test
  void valuesAPodSetsAreKept() {
    String ns = namespace(Map.of());
    String name = "keep-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: privileged}
        defaults: {admission: true, runAsNonRoot: true}
        """);
    awaitDefaulting(ns, name);

    Pod own =
        client
            .resource(
                Serialization.unmarshal(
                    """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: own, namespace: %s}
                    spec:
                      securityContext:
                        seccompProfile: {type: Unconfined}
                        runAsNonRoot: false
                      containers:
                      - name: escalates
                        image: busybox
                        securityContext:
                          allowPrivilegeEscalation: true
                          capabilities: {drop: [NET_RAW], add: [NET_ADMIN]}
                      - name: privileged
                        image: busybox
                        securityContext: {privileged: true}
                      - name: sysadmin
                        image: busybox
                        securityContext: {capabilities: {add: [SYS_ADMIN]}}
                    """
                        .formatted(ns),
                    Pod.class))
            .create();
    assertThat(own.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("Unconfined");
    assertThat(own.getSpec().getSecurityContext().getRunAsNonRoot()).isFalse();
    SecurityContext escalates = own.getSpec().getContainers().get(0).getSecurityContext();
    assertThat(escalates.getAllowPrivilegeEscalation()).isTrue();
    assertThat(escalates.getCapabilities().getDrop()).containsExactly("NET_RAW");
    assertThat(escalates.getCapabilities().getAdd()).containsExactly("NET_ADMIN");
    SecurityContext privileged = own.getSpec().getContainers().get(1).getSecurityContext();
    assertThat(privileged.getAllowPrivilegeEscalation())
        .as("false is invalid with privileged: never set")
        .isNull();
    assertThat(privileged.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(
            own.getSpec().getContainers().get(2).getSecurityContext().getAllowPrivilegeEscalation())
        .as("false is invalid with CAP_SYS_ADMIN: never set")
        .isNull();

    Pod containerLevel =
        client
            .resource(
                Serialization.unmarshal(
                    """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: root, namespace: %s}
                    spec:
                      containers:
                      - name: app
                        image: busybox
                        securityContext:
                          runAsUser: 0
                          seccompProfile: {type: Unconfined}
                    """
                        .formatted(ns),
                    Pod.class))
            .create();
    assertThat(containerLevel.getSpec().getSecurityContext().getRunAsNonRoot())
        .as("a pod asking for runAsUser 0 gets no runAsNonRoot")
        .isNull();
    assertThat(
            containerLevel
                .getSpec()
                .getContainers()
                .get(0)
                .getSecurityContext()
                .getSeccompProfile()
                .getType())
        .as("the container's own profile is kept (it wins over the pod-level default)")
        .isEqualTo("Unconfined");
  }

  @Test
  void ephemeralContainersAddedLaterAreDefaultedAndAdmitted() {
    String ns = namespace(Map.of());
    String name = "ephemeral-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted}
        defaults: {admission: true, runAsNonRoot: true}
        """);
    awaitStatus(name, sb -> assertThat(condition(sb, "Ready").getStatus()).isEqualTo("True"));
    awaitDefaulting(ns, name);
    client.resource(chartPod(ns, "web")).create();

    for (String debugger : List.of("debugger", "debugger-2")) {
      Pod debugged =
          client
              .pods()
              .inNamespace(ns)
              .withName("web")
              .ephemeralContainers()
              .edit(
                  p ->
                      new PodBuilder(p)
                          .editSpec()
                          .addNewEphemeralContainer()
                          .withName(debugger)
                          .withImage("busybox")
                          .withTargetContainerName("web")
                          .endEphemeralContainer()
                          .endSpec()
                          .build());
      var added =
          debugged.getSpec().getEphemeralContainers().stream()
              .filter(c -> debugger.equals(c.getName()))
              .findFirst()
              .orElseThrow();
      assertThat(added.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(added.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    }
  }

  @Test
  void policyIsRepairedAndReleased() {
    String ns = namespace(Map.of());
    String name = "release-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: privileged}
        defaults: {admission: true}
        """);
    awaitDefaulting(ns, name);
    assertThat(binding(name).get().getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "bulwark")
        .containsEntry("bulwark.dev/baseline", name);

    policy(name).delete();
    mergePatch(binding(name), "{\"spec\":{\"matchResources\":{\"namespaceSelector\":null}}}");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(policy(name).get()).isNotNull();
              assertThat(
                      Serialization.asJson(
                          binding(name).get().getAdditionalProperties().get("spec")))
                  .contains(team);
            });

    mergePatch(
        client.resources(dev.bulwark.api.SecurityBaseline.class).withName(name),
        "{\"spec\":{\"mode\":\"Audit\"}}");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(policy(name).get()).as("Audit mode writes nothing").isNull();
              assertThat(binding(name).get()).isNull();
            });
    // The API server's own policy cache follows the deletion shortly after.
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .resource(chartPod(ns, "after"))
                            .dryRun()
                            .create()
                            .getSpec()
                            .getSecurityContext()
                            .getSeccompProfile())
                    .isNull());
  }

  @Test
  void aWriterChangingTheBindingBackIsNotFoughtInALoop() throws Exception {
    String ns = namespace(Map.of());
    String name = "fight-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: privileged}
        defaults: {admission: true}
        """);
    awaitDefaulting(ns, name);
    String neighbour = "system:serviceaccount:policy:other-engine";
    io.fabric8.kubernetes.client.Config config =
        io.fabric8.kubernetes.client.Config.fromKubeconfig(cluster.plane().kubeconfigYaml());
    config.setImpersonateUsername(neighbour);
    config.setImpersonateGroups("system:masters");
    java.time.Instant started = java.time.Instant.now();
    // Production's 5-s first repair backoff against a writer every 2 s for 30 s, scaled to the
    // backoff of the timings in use.
    double scale = TestTimings.current().repairFirstWait().toMillis() / 5000.0;
    long period = Math.round(2000 * scale);
    int seconds = (int) Math.round(30 * scale);
    try (var other =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
      for (java.time.Instant end = started.plusSeconds(seconds);
          java.time.Instant.now().isBefore(end); ) {
        other
            .genericKubernetesResources(DefaultingPolicy.API_VERSION, DefaultingPolicy.BINDING_KIND)
            .withName(DefaultingPolicy.name(name))
            .patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                    io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"spec\":{\"matchResources\":{\"namespaceSelector\":null}}}");
        Thread.sleep(period);
      }
    }
    long writes =
        dev.bulwark.testing.AuditLog.read(cluster.plane().auditLog()).stream()
            .filter(dev.bulwark.testing.AuditLog.Request::write)
            .filter(r -> r.completed().isAfter(started))
            .filter(r -> !neighbour.equals(r.username()))
            .filter(r -> "mutatingadmissionpolicybindings".equals(r.resource()))
            .filter(r -> DefaultingPolicy.name(name).equals(r.name()))
            .count();
    System.out.printf(
        "A writer changed the binding every %d ms for %d s; Bulwark wrote it %d time(s)%n",
        period, seconds, writes);
    // Two free repairs, then the first backoff doubling: repairs near 0, 1, 3.5 and 8.5 periods
    // (0, 2, 7, 17 s under production timings); two writes each.
    assertThat(writes).isBetween(2L, 10L);
    // After the writer stops, the backoff ends in a repair: the plan is back.
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(
                        Serialization.asJson(
                            binding(name).get().getAdditionalProperties().get("spec")))
                    .contains(team));
  }
}
