package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.admission.TrustedWriters;
import dev.bulwark.operator.OperatorIdentity;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user reads when no cluster answers: one line saying so, never "null" or a stack trace. */
class NoClusterMessagesTest {

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path kubeconfig(Path dir, int port) throws IOException {
    Path config = dir.resolve("kubeconfig");
    Files.writeString(
        config,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: gone
          cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}
        users:
        - name: someone
          user: {token: not-a-real-token}
        contexts:
        - name: gone
          context: {cluster: gone, user: someone}
        current-context: gone
        """
            .formatted(port));
    return config;
  }

  @Test
  void sealWithoutAClusterSaysWhyAndHowToSealOffline(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.yaml");
    Files.writeString(
        secret,
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: shop}
        stringData: {password: hunter2}
        """);
    CliRun run =
        CliRun.of(
            "seal",
            "-f",
            secret.toString(),
            "--kubeconfig",
            kubeconfig(dir, closedPort()).toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .contains("cannot read ConfigMap", "--cert FILE")
        .doesNotContain(": null", "\tat ", "hunter2");
  }

  @Test
  void theOperatorWithoutAClusterSaysItCannotReachItNotToPassAUserName() throws IOException {
    int port = closedPort();
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("https://127.0.0.1:" + port)
                    .withTrustCerts(true)
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      assertThatThrownBy(() -> OperatorIdentity.resolve(client, TrustedWriters.none()))
          .isInstanceOf(OperatorIdentity.UnknownIdentity.class)
          .hasMessageStartingWith("cannot reach the API server at https://127.0.0.1:" + port)
          .hasMessageContaining("--kubeconfig")
          .hasMessageNotContaining("--operator-user");
    }
  }
}
