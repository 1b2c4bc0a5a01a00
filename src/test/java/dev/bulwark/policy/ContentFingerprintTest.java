package dev.bulwark.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 20: a pod made from a template, as the API server and the controllers make it, has the
 * template's fingerprint; any change a check could see gives another one.
 */
class ContentFingerprintTest {

  /** A Deployment's template after the API server's defaulting (as `kubectl get -o yaml` shows). */
  private static final String TEMPLATE =
      """
      metadata:
        labels: {app: web}
      spec:
        securityContext:
          runAsNonRoot: true
          seccompProfile: {type: RuntimeDefault}
          appArmorProfile: {type: RuntimeDefault}
        containers:
        - name: app
          image: registry.example/app:1
          imagePullPolicy: IfNotPresent
          terminationMessagePath: /dev/termination-log
          env: [{name: MODE, value: production}]
          ports: [{containerPort: 8080, protocol: TCP}]
          readinessProbe:
            httpGet: {path: /ready, port: 8080, scheme: HTTP}
            periodSeconds: 10
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
          volumeMounts: [{name: config, mountPath: /etc/app}]
        volumes:
        - name: config
          configMap: {name: web-config, defaultMode: 420}
        restartPolicy: Always
        dnsPolicy: ClusterFirst
        schedulerName: default-scheduler
        terminationGracePeriodSeconds: 30
      """;

  /**
   * A pod the ReplicaSet made from {@link #TEMPLATE}, after admission: the ServiceAccount plugin's
   * name and token volume, LimitRanger's resources and annotation, the AppArmor annotation older
   * API servers copied from the pod's field, the priority and tolerations, scheduling, status.
   */
  private static final String POD =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web-5d4f8c7b9-x2k4q
        namespace: shop
        uid: 7b0c2f4e-0a4c-4f1e-9d55-3e6f3c2a1b00
        labels: {app: web, pod-template-hash: 5d4f8c7b9}
        annotations:
          container.apparmor.security.beta.kubernetes.io/app: runtime/default
          kubernetes.io/limit-ranger: "LimitRanger plugin set: cpu, memory request for container app"
        ownerReferences:
        - {apiVersion: apps/v1, kind: ReplicaSet, name: web-5d4f8c7b9, uid: u1, controller: true}
      spec:
        securityContext:
          runAsNonRoot: true
          seccompProfile: {type: RuntimeDefault}
          appArmorProfile: {type: RuntimeDefault}
        serviceAccountName: default
        serviceAccount: default
        nodeName: node-1
        priority: 0
        enableServiceLinks: true
        preemptionPolicy: PreemptLowerPriority
        tolerations:
        - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
        containers:
        - name: app
          image: registry.example/app:1
          imagePullPolicy: IfNotPresent
          terminationMessagePath: /dev/termination-log
          env: [{name: MODE, value: production}]
          ports: [{containerPort: 8080, protocol: TCP}]
          resources:
            requests: {cpu: 100m, memory: 128Mi}
          readinessProbe:
            httpGet: {path: /ready, port: 8080, scheme: HTTP}
            periodSeconds: 10
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
          volumeMounts:
          - {name: config, mountPath: /etc/app}
          - {name: kube-api-access-x7k2p, mountPath: /var/run/secrets/kubernetes.io/serviceaccount, readOnly: true}
        volumes:
        - name: config
          configMap: {name: web-config, defaultMode: 420}
        - name: kube-api-access-x7k2p
          projected:
            defaultMode: 420
            sources:
            - serviceAccountToken: {expirationSeconds: 3607, path: token}
            - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
            - downwardAPI: {items: [{path: namespace, fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}}]}
        restartPolicy: Always
        dnsPolicy: ClusterFirst
        schedulerName: default-scheduler
        terminationGracePeriodSeconds: 30
      status:
        phase: Running
        podIP: 10.0.0.7
      """;

  private static Fingerprint template(Consumer<PodTemplateSpec> tweak) {
    PodTemplateSpec template;
    try {
      template =
          new com.fasterxml.jackson.databind.ObjectMapper(
                  new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
              .readValue(TEMPLATE, PodTemplateSpec.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    tweak.accept(template);
    return ContentFingerprint.of(template.getMetadata(), template.getSpec());
  }

  private static Pod pod(Consumer<Pod> tweak) {
    Pod pod = TestPods.parse(POD, Pod.class);
    tweak.accept(pod);
    return pod;
  }

  private static Fingerprint fingerprint(Pod pod) {
    return ContentFingerprint.of(pod.getMetadata(), pod.getSpec());
  }

  @Test
  void aPodAsTheApiServerMadeItFromTheTemplateHasTheTemplatesFingerprint() {
    assertThat(fingerprint(pod(p -> {}))).isEqualTo(template(t -> {}));
  }

  @Test
  void aStatefulSetsClaimVolumesAndIdentityDoNotCount() {
    Pod pod =
        pod(
            p -> {
              p.getSpec().setHostname("web-0");
              p.getSpec().setSubdomain("web");
              p.getMetadata().getLabels().put("controller-revision-hash", "web-6c9d8f");
              p.getSpec()
                  .getVolumes()
                  .add(
                      0,
                      new VolumeBuilder()
                          .withName("data")
                          .withNewPersistentVolumeClaim()
                          .withClaimName("data-web-0")
                          .endPersistentVolumeClaim()
                          .build());
            });

    assertThat(fingerprint(pod)).isEqualTo(template(t -> {}));
  }

  @Test
  void hostPortsTheApiServerDefaultsUnderHostNetworkDoNotCount() {
    Pod pod =
        pod(
            p -> {
              p.getSpec().setHostNetwork(true);
              p.getSpec().getContainers().get(0).getPorts().get(0).setHostPort(8080);
            });

    assertThat(fingerprint(pod)).isEqualTo(template(t -> t.getSpec().setHostNetwork(true)));
  }

  @Test
  void anAppArmorAnnotationOnTheTemplateEqualsTheFieldTheApiServerAddsToThePod() {
    Fingerprint template =
        template(
            t -> {
              t.getSpec().getSecurityContext().setAppArmorProfile(null);
              t.getMetadata()
                  .setAnnotations(
                      new HashMap<>(
                          java.util.Map.of(
                              SecurityAnnotations.APPARMOR_PREFIX + "app", "localhost/web")));
            });
    Pod pod =
        pod(
            p -> {
              p.getSpec().getSecurityContext().setAppArmorProfile(null);
              p.getMetadata()
                  .getAnnotations()
                  .put(SecurityAnnotations.APPARMOR_PREFIX + "app", "localhost/web");
              p.getSpec()
                  .getContainers()
                  .get(0)
                  .getSecurityContext()
                  .setAppArmorProfile(
                      new io.fabric8.kubernetes.api.model.AppArmorProfile("web", "Localhost"));
            });

    assertThat(fingerprint(pod)).isEqualTo(template);
  }

  static Stream<Arguments> differences() {
    return Stream.<Arguments>of(
        change(
            "an ephemeral container (kubectl debug)",
            p ->
                p.getSpec()
                    .setEphemeralContainers(
                        List.of(
                            new EphemeralContainerBuilder()
                                .withName("debugger")
                                .withImage("busybox")
                                .withTargetContainerName("app")
                                .build()))),
        change(
            "an injected init container",
            p ->
                p.getSpec()
                    .setInitContainers(
                        List.of(
                            new ContainerBuilder()
                                .withName("mesh-init")
                                .withImage("mesh/init:1")
                                .build()))),
        change(
            "an injected sidecar container",
            p ->
                p.getSpec()
                    .getContainers()
                    .add(
                        new ContainerBuilder()
                            .withName("proxy")
                            .withImage("mesh/proxy:1")
                            .build())),
        change(
            "privileged",
            p -> p.getSpec().getContainers().get(0).getSecurityContext().setPrivileged(true)),
        change(
            "a capability added",
            p ->
                p.getSpec()
                    .getContainers()
                    .get(0)
                    .getSecurityContext()
                    .setCapabilities(new Capabilities(List.of("SYS_PTRACE"), List.of("ALL")))),
        change("another image", p -> p.getSpec().getContainers().get(0).setImage("evil:latest")),
        change(
            "a hostPath volume",
            p ->
                p.getSpec()
                    .getVolumes()
                    .add(
                        new VolumeBuilder()
                            .withName("root")
                            .withNewHostPath()
                            .withPath("/")
                            .endHostPath()
                            .build())),
        change("hostPID", p -> p.getSpec().setHostPID(true)),
        change("runAsUser 0", p -> p.getSpec().getSecurityContext().setRunAsUser(0L)),
        change(
            "the token automounted off", p -> p.getSpec().setAutomountServiceAccountToken(false)),
        change("another service account", p -> p.getSpec().setServiceAccountName("builder")),
        change(
            "a seccomp annotation",
            p ->
                p.getMetadata()
                    .getAnnotations()
                    .put(SecurityAnnotations.SECCOMP_POD, "unconfined")),
        change(
            "a probe that calls another host",
            p ->
                p.getSpec()
                    .getContainers()
                    .get(0)
                    .getReadinessProbe()
                    .setHttpGet(
                        new HTTPGetAction(
                            "169.254.169.254", null, "/", new IntOrString(80), "HTTP"))),
        change(
            "no readiness probe", p -> p.getSpec().getContainers().get(0).setReadinessProbe(null)));
  }

  private static Arguments change(String what, Consumer<Pod> tweak) {
    return Arguments.of(what, tweak);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differences")
  void aChangeAnyCheckCouldSeeGivesAnotherFingerprint(String what, Consumer<Pod> tweak) {
    assertThat(fingerprint(pod(tweak))).as(what).isNotEqualTo(template(t -> {}));
  }

  @Test
  void podsThatRunTheSameThingShareOneContentAndOneVerdict() {
    PodContents contents = new PodContents();
    Pod first = pod(p -> {});
    Pod second =
        pod(
            p -> {
              p.getMetadata().setName("web-5d4f8c7b9-9zz7m");
              p.getSpec().setNodeName("node-2");
              p.getSpec().getVolumes().get(1).setName("kube-api-access-q8w2d");
              p.getSpec()
                  .getContainers()
                  .get(0)
                  .getVolumeMounts()
                  .get(1)
                  .setName("kube-api-access-q8w2d");
            });
    Pod debugged =
        pod(
            p ->
                p.getSpec()
                    .setEphemeralContainers(
                        List.of(
                            new EphemeralContainerBuilder()
                                .withName("debugger")
                                .withImage("busybox")
                                .withNewSecurityContext()
                                .withPrivileged(true)
                                .endSecurityContext()
                                .build())));

    PodContent a = contents.of(first.getMetadata(), first.getSpec());
    PodContent b = contents.of(second.getMetadata(), second.getSpec());
    PodContent c = contents.of(debugged.getMetadata(), debugged.getSpec());

    assertThat(b).isSameAs(a);
    assertThat(c).isNotSameAs(a);
    assertThat(contents.size()).isEqualTo(2);
    assertThat(a.fingerprint()).isEqualTo(template(t -> {}));
    assertThat(a.getVolumes()).extracting(v -> v.getName()).containsExactly("config");
    assertThat(a.getContainers().get(0).getEnv()).isNull();

    PolicyEngine engine = new PolicyEngine(EngineConfig.defaults());
    assertThat(a.findings(engine, first)).isSameAs(a.findings(engine, second));
    assertThat(c.findings(engine, debugged))
        .filteredOn(f -> f.check().equals("privileged"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path())
                  .isEqualTo("spec.ephemeralContainers[0].securityContext.privileged");
              assertThat(f.container())
                  .isEqualTo(new ContainerRef(ContainerView.Kind.EPHEMERAL, "debugger"));
            });
  }

  @Test
  void theContentJudgesAsTheWholePodWould() {
    PolicyEngine engine = new PolicyEngine(EngineConfig.defaults());
    Pod pod =
        pod(
            p -> {
              p.getSpec().getContainers().get(0).getSecurityContext().setPrivileged(true);
              p.getSpec().setHostIPC(true);
              p.getMetadata().getAnnotations().put(SecurityAnnotations.SECCOMP_POD, "unconfined");
            });

    PodContent content = new PodContents().of(pod.getMetadata(), pod.getSpec());

    assertThat(content.findings(engine, pod))
        .containsExactlyInAnyOrderElementsOf(engine.evaluate(pod));
  }

  /**
   * The projection keeps everything any check reads: on thousands of pods near every check's
   * boundary (the oracle tests' generator), the content's findings equal the whole pod's, for each
   * level and for versions that read annotations (before v1.19) and fields.
   */
  @ParameterizedTest(name = "{0} {1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "baseline, latest",
    "restricted, latest",
    "restricted, v1.18",
    "restricted, v1.25"
  })
  void onBoundaryPodsTheContentFindsWhatTheWholePodFinds(String level, String version) {
    EngineConfig all = EngineConfig.defaults();
    PolicyEngine engine =
        new PolicyEngine(
            new EngineConfig(
                Level.parse(level),
                PolicyVersion.parse(version),
                all.bulwarkChecks(),
                List.of("registry.example"),
                null));
    PodContents contents = new PodContents();
    List<Pod> pods =
        new dev.bulwark.policy.oracle.BoundaryPodGenerator(
                dev.bulwark.policy.oracle.BoundaryPodGenerator.DEFAULT_SEED)
            .pods(1_500);
    for (Pod pod : pods) {
      PodContent content = contents.of(pod.getMetadata(), pod.getSpec());
      assertThat(content.findings(engine, pod))
          .as("%s", pod.getMetadata().getName())
          .containsExactlyInAnyOrderElementsOf(engine.evaluate(pod));
    }
  }
}
