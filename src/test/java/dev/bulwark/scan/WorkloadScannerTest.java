package dev.bulwark.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.policy.EngineConfig;
import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.policy.WorkloadPods;
import dev.bulwark.report.InputError;
import dev.bulwark.report.ScannedObject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scanner binds whole workloads and reports what does not bind by field path. */
class WorkloadScannerTest {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static final String POD_SPEC =
      """
      restartPolicy: %s
      hostNetwork: true
      securityContext: {runAsNonRoot: true}
      containers:
      - name: app
        image: nginx:1.27
        ports: [{containerPort: 80, hostPort: 80}]
        securityContext: {privileged: true, capabilities: {add: [NET_ADMIN]}}
      volumes:
      - {name: data, hostPath: {path: /var}}
      """;

  private final PolicyEngine engine = new PolicyEngine(EngineConfig.defaults());
  private final WorkloadScanner scanner = new WorkloadScanner(engine);

  static String manifest(String kind) {
    String restart = kind.equals("Job") || kind.equals("CronJob") ? "Never" : "Always";
    String spec = POD_SPEC.formatted(restart);
    String head =
        "apiVersion: v1\nkind: "
            + kind
            + "\nmetadata: {name: w, namespace: ns, annotations: {a: b}}\n";
    return switch (kind) {
      case "Pod" -> head + "spec:\n" + spec.indent(2);
      case "CronJob" ->
          head
              + "spec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n"
              + "        metadata: {labels: {app: web}}\n        spec:\n"
              + spec.indent(10);
      case "PodTemplate" ->
          head + "template:\n  metadata: {labels: {app: web}}\n  spec:\n" + spec.indent(4);
      default ->
          head
              + "spec:\n  replicas: 2\n  template:\n"
              + "    metadata: {labels: {app: web}}\n    spec:\n"
              + spec.indent(6);
    };
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Pod",
        "Deployment",
        "ReplicaSet",
        "StatefulSet",
        "DaemonSet",
        "Job",
        "CronJob",
        "ReplicationController",
        "PodTemplate"
      })
  void findingsAreThoseOfTheWholeObject(String kind) throws Exception {
    String text = manifest(kind);
    JsonNode tree = YAML.readTree(text);
    HasMetadata whole = YAML.treeToValue(tree, WorkloadPods.KINDS.get(kind));

    WorkloadScanner.Result result = scanner.scan(new ManifestDocument("x.yaml", 0, 1, text));

    assertThat(result.errors()).isEmpty();
    ScannedObject object = result.objects().get(0);
    assertThat(object.findings()).isNotEmpty().isEqualTo(engine.evaluate(whole));
    assertThat(object.namespace()).isEqualTo("ns");
    assertThat(object.name()).isEqualTo("w");
  }

  @Test
  void fieldsOutsideThePodTemplateAreCheckedAsTheApiServerChecksThem() {
    String text = manifest("Deployment").replace("replicas: 2", "replicas: many");
    WorkloadScanner.Result result = scanner.scan(new ManifestDocument("x.yaml", 0, 1, text));
    assertThat(result.objects()).isEmpty();
    assertThat(result.errors())
        .extracting(InputError::message)
        .containsExactly("cannot read Deployment: expected a number (at spec.replicas)");
  }

  @Test
  void aBadPodTemplateIsAnErrorWithItsPath() {
    String text =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\n"
            + "spec: {template: {spec: {containers: 7}}}\n";
    WorkloadScanner.Result result = scanner.scan(new ManifestDocument("x.yaml", 0, 1, text));
    assertThat(result.objects()).isEmpty();
    assertThat(result.errors().get(0).message())
        .startsWith("cannot read Deployment: ")
        .contains("(at spec.template.spec.containers)");
  }

  @Test
  void aSpecThatIsNotAMappingIsAnError() {
    String text = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: w}\nspec: 7\n";
    WorkloadScanner.Result result = scanner.scan(new ManifestDocument("x.yaml", 0, 1, text));
    assertThat(result.errors().get(0).message())
        .isEqualTo("cannot read CronJob: expected an object (at spec)");
  }

  /** kubectl reads a JSON stream as one object after another: each is reported where it starts. */
  @Test
  void eachValueOfAJsonStreamIsItsOwnDocumentAtItsOwnLine() {
    String pod =
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"%s\"},"
            + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}\n";
    String text = pod.formatted("a") + "\n" + pod.formatted("b") + pod.formatted("c");
    WorkloadScanner.Result result =
        scanner.scan(new ManifestDocument("x.json", 0, 1, text, 1, true));
    assertThat(result.errors()).isEmpty();
    assertThat(result.objects())
        .extracting(ScannedObject::name, ScannedObject::document, ScannedObject::line)
        .containsExactly(tuple("a", 0, 1), tuple("b", 1, 3), tuple("c", 2, 4));
  }
}
