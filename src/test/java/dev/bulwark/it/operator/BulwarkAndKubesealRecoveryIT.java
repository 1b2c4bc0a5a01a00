package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.cli.Main;
import dev.bulwark.seal.SealingKeySecrets;
import dev.bulwark.testing.Kubeseal;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.TestCluster.KubectlResult;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Offline recovery both ways, with a key backup taken the way the docs say (kubectl get of the key
 * Secrets): kubeseal --recovery-unseal opens what `bulwark seal` sealed from the cluster's
 * certificate, and `bulwark unseal` opens what kubeseal sealed.
 */
@LocalCluster
class BulwarkAndKubesealRecoveryIT extends SealedSecretsTestBase {

  private static final String SECRET =
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: api
        namespace: shop
      stringData:
        token: "tök€n-42"
      data:
        blob: AAECA/7/
      """;

  private final Kubeseal kubeseal = Kubeseal.locate();
  private Path secretFile;
  private Path keyBackup;

  @TempDir Path tmp;

  @BeforeAll
  void backUpTheKeys(@TempDir Path dir) throws Exception {
    secretFile = dir.resolve("secret.yaml");
    Files.writeString(secretFile, SECRET);
    KubectlResult backup =
        cluster.kubectl(
            "get",
            "secret",
            "-n",
            operator.namespace(),
            "-l",
            SealingKeySecrets.LABEL,
            "-o",
            "yaml");
    assertThat(backup.exitCode()).as(backup.output()).isZero();
    keyBackup = dir.resolve("sealing-keys-backup.yaml");
    Files.writeString(keyBackup, backup.output());
  }

  private String bulwark(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new picocli.CommandLine(new Main())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    assertThat(exit).as("bulwark %s: %s", String.join(" ", args), err).isZero();
    return out.toString();
  }

  private static void assertOriginalValues(String secretYaml) {
    Secret secret = Serialization.unmarshal(secretYaml, Secret.class);
    assertThat(secret.getMetadata().getName()).isEqualTo("api");
    assertThat(
            new String(
                Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8))
        .isEqualTo("tök€n-42");
    assertThat(secret.getData()).containsEntry("blob", "AAECA/7/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"strict", "namespace-wide", "cluster-wide"})
  void kubesealRecoveryOpensWhatBulwarkSealed(String scope) {
    String sealed =
        bulwark(
            "seal",
            "-f",
            secretFile.toString(),
            "--kubeconfig",
            cluster.plane().kubeconfigFile().toString(),
            "--controller-namespace",
            operator.namespace(),
            "--scope",
            scope,
            "--api-version",
            "bitnami.com/v1alpha1");

    assertOriginalValues(kubeseal.recoveryUnseal(keyBackup, sealed));
  }

  @ParameterizedTest
  @ValueSource(strings = {"strict", "namespace-wide", "cluster-wide"})
  void bulwarkUnsealOpensWhatKubesealSealed(String scope) throws Exception {
    String pem =
        bulwark(
            "cert",
            "--kubeconfig",
            cluster.plane().kubeconfigFile().toString(),
            "--controller-namespace",
            operator.namespace());
    Path cert = tmp.resolve("cert-" + scope + ".pem");
    Files.writeString(cert, pem);
    Path sealed = tmp.resolve("sealed-" + scope + ".yaml");
    Files.writeString(sealed, kubeseal.seal(cert, scope, SECRET));

    assertOriginalValues(bulwark("unseal", "--key", keyBackup.toString(), "-f", sealed.toString()));
  }
}
