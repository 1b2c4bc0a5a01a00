package dev.bulwark.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each workload kind yields its pod spec at the right path, and findings point there. */
class WorkloadPodsTest {

  private static final String POD_SPEC =
      """
      {containers: [{name: app, image: app:1, securityContext: {privileged: true}}]}
      """;

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of("v1", "Pod", "spec: " + POD_SPEC, "spec", true),
        Arguments.of("apps/v1", "Deployment", template("spec"), "spec.template.spec", true),
        Arguments.of("apps/v1", "ReplicaSet", template("spec"), "spec.template.spec", true),
        Arguments.of("apps/v1", "StatefulSet", template("spec"), "spec.template.spec", true),
        Arguments.of("apps/v1", "DaemonSet", template("spec"), "spec.template.spec", true),
        Arguments.of("v1", "ReplicationController", template("spec"), "spec.template.spec", true),
        Arguments.of("batch/v1", "Job", template("spec"), "spec.template.spec", false),
        Arguments.of(
            "batch/v1",
            "CronJob",
            "spec: {schedule: '* * * * *', jobTemplate: {spec: {template: {spec: "
                + POD_SPEC.strip()
                + "}}}}",
            "spec.jobTemplate.spec.template.spec",
            false),
        Arguments.of(
            "v1",
            "PodTemplate",
            "template: {spec: " + POD_SPEC.strip() + "}",
            "template.spec",
            true));
  }

  private static String template(String field) {
    return field + ": {template: {spec: " + POD_SPEC.strip() + "}}";
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  void extractsThePodSpecWithItsPath(
      String apiVersion, String kind, String body, String specPath, boolean longRunning) {
    String yaml =
        "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata: {name: x}\n" + body + "\n";
    HasMetadata object = TestPods.parse(yaml, WorkloadPods.KINDS.get(kind));

    PodTarget target = WorkloadPods.extract(object).orElseThrow();

    assertThat(target.specPath()).isEqualTo(specPath);
    assertThat(target.longRunning()).isEqualTo(longRunning);
    assertThat(target.spec().getContainers()).hasSize(1);
    assertThat(
            new PolicyEngine(EngineConfig.podSecurityOnly(Level.BASELINE, PolicyVersion.LATEST))
                .evaluate(object))
        .extracting(Finding::path)
        .containsExactly(specPath + ".containers[0].securityContext.privileged");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nonWorkloads")
  void otherKindsYieldNothing(HasMetadata object) {
    assertThat(WorkloadPods.extract(object)).isEmpty();
  }

  static Stream<HasMetadata> nonWorkloads() {
    return Stream.of(
        new Service(),
        TestPods.parse(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n",
            io.fabric8.kubernetes.api.model.apps.Deployment.class));
  }
}
