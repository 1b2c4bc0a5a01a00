package dev.bulwark.it.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.TestCluster;
import dev.bulwark.testing.TestCluster.KubectlResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CRDs from crds/ install with kubectl, and the API server enforces their OpenAPI schema. */
@LocalCluster
class CrdSchemaValidationIT {

  @Test
  void crdFromCrdsDirectoryRejectsObjectViolatingItsSchema(TestCluster cluster, @TempDir Path tmp)
      throws IOException {
    Path crds = Path.of(System.getProperty("bulwark.repo.root", ".")).resolve("crds");
    KubectlResult applied = cluster.kubectl("apply", "--server-side", "-f", crds.toString());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(cluster.kubectl("get", "securitybaselines").exitCode())
                    .as("CRD established")
                    .isZero());

    Path invalid = tmp.resolve("invalid.yaml");
    Files.writeString(
        invalid,
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: SecurityBaseline
        metadata:
          name: schema-check-invalid
        spec:
          mode: Sometimes
        """);
    KubectlResult rejected = cluster.kubectl("create", "-f", invalid.toString());

    assertThat(rejected.exitCode()).isNotZero();
    assertThat(rejected.output())
        .contains("spec.mode")
        .contains("Unsupported value: \"Sometimes\"");
    assertThat(cluster.kubectl("get", "securitybaseline", "schema-check-invalid").exitCode())
        .isNotZero();
  }
}
