package dev.bulwark.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.policy.EngineConfig;
import dev.bulwark.policy.Finding;
import dev.bulwark.report.InputError;
import dev.bulwark.report.ScanReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cases of issue 22, as {@code bulwark scan} meets them: a workload the API server decodes is
 * read and checked whatever YAML spelling its typed fields use, and one it refuses is reported at
 * its file and line with the field, as kubectl reports it. {@code TypedBindingDifferentialTest}
 * compares thousands of generated objects with the Go decoder; these are the named cases.
 */
class ScanBindsLikeTheApiServerTest {

  @TempDir Path dir;

  private static final String DEPLOYMENT =
      """
      # a comment line before the object
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: team-a}
      spec:
        replicas: %s
        strategy:
          rollingUpdate: {maxSurge: %s, maxUnavailable: 25%%}
        template:
          spec:
            containers:
            - name: app
              image: nginx:1.27
              securityContext: {privileged: true}
              resources:
                requests: {cpu: %s, memory: 1e9}
                limits: {cpu: "1", memory: 1Gi}
              livenessProbe:
                httpGet: {path: /healthz, port: %s}
              readinessProbe:
                tcpSocket:
                  port: 8080
      """;

  private ScanReport scan(String text) throws IOException {
    Path file = dir.resolve("deployment.yaml");
    Files.writeString(file, text);
    return new ManifestScan(EngineConfig.defaults())
        .run(List.of(file.toString()), new ByteArrayInputStream(new byte[0]), done -> {});
  }

  private ScanReport deployment(String replicas, String maxSurge, String cpu, String port)
      throws IOException {
    return scan(DEPLOYMENT.formatted(replicas, maxSurge, cpu, port));
  }

  @Test
  void numericProbePortsInYamlAreRead() throws IOException {
    ScanReport report = deployment("3", "1", "0.5", "8080");
    assertThat(report.errors()).isEmpty();
    assertThat(report.objects())
        .singleElement()
        .satisfies(o -> assertThat(o.findings()).extracting(Finding::check).contains("privileged"));
  }

  @Test
  void everySpellingTheApiServerTakesIsRead() throws IOException {
    for (String[] values :
        new String[][] {
          {"3.0", "25%", "500m", "http"},
          {"1e1", "'1'", "\"0.5\"", "\"8080\""},
          {"~", "null", "1", "8080.0"},
          {"0x10", "1e3", ".5", "0x1F90"},
        }) {
      ScanReport report = deployment(values[0], values[1], values[2], values[3]);
      assertThat(report.errors()).as(String.join(", ", values)).isEmpty();
      assertThat(report.objects()).hasSize(1);
    }
  }

  @Test
  void aValueOfTheWrongTypeIsReportedAtItsFileLineAndField() throws IOException {
    ScanReport report = deployment("\"3\"", "1", "0.5", "8080");
    assertThat(report.objects()).isEmpty();
    assertThat(report.errors())
        .singleElement()
        .extracting(InputError::line, InputError::message)
        .containsExactly(2, "cannot read Deployment: expected a number (at spec.replicas)");
    assertThat(report.errors().get(0).describe())
        .endsWith("deployment.yaml:2: " + report.errors().get(0).message());
  }

  @Test
  void whatTheApiServerRefusesIsRefused() throws IOException {
    String[][] refused = {
      {"3.5", "1", "0.5", "8080", "expected a number (at spec.replicas)"},
      {"2147483648", "1", "0.5", "8080", "expected a number (at spec.replicas)"},
      {
        "3",
        "1.5",
        "0.5",
        "8080",
        "expected a number or a string (at spec.strategy.rollingUpdate.maxSurge)"
      },
      {
        "3",
        "yes",
        "0.5",
        "8080",
        "expected a number or a string (at spec.strategy.rollingUpdate.maxSurge)"
      },
      {
        "3",
        "1",
        "abc",
        "8080",
        "expected a quantity (at spec.template.spec.containers[0].resources.requests.cpu)"
      },
      {
        "3",
        "1",
        "1Gib",
        "8080",
        "expected a quantity (at spec.template.spec.containers[0].resources.requests.cpu)"
      },
      {
        "3",
        "1",
        "0.5",
        "8080.5",
        "expected a number or a string (at spec.template.spec.containers[0].livenessProbe.httpGet.port)"
      },
      {
        "3",
        "1",
        "0.5",
        "2147483648",
        "expected a number or a string (at spec.template.spec.containers[0].livenessProbe.httpGet.port)"
      },
    };
    for (String[] values : refused) {
      ScanReport report = deployment(values[0], values[1], values[2], values[3]);
      assertThat(report.errors())
          .as(String.join(", ", values))
          .singleElement()
          .extracting(InputError::message)
          .isEqualTo("cannot read Deployment: " + values[4]);
    }
  }

  @Test
  void jsonNumbersWithAFractionOrAnExponentAreNotIntegers() throws IOException {
    String json =
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
         "spec": {"containers": [{"name": "a", "image": "nginx",
           "livenessProbe": {"tcpSocket": {"port": %s}}}]}}
        """;
    assertThat(scan(json.formatted("8080")).errors()).isEmpty();
    // The same numbers in YAML are 8080 once sigs.k8s.io/yaml writes them as JSON.
    assertThat(scan(json.formatted("8080.0")).errors()).hasSize(1);
    assertThat(scan(json.formatted("8e3")).errors()).hasSize(1);
  }
}
