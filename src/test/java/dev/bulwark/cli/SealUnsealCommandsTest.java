package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.seal.KeyPem;
import dev.bulwark.seal.SealingKey;
import dev.bulwark.seal.SealingKeyGenerator;
import dev.bulwark.seal.SealingKeySecrets;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bulwark seal`, `unseal` and `reseal` on files, with the exit codes and errors users see. */
class SealUnsealCommandsTest {

  private static final String SECRET =
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: db
        namespace: team
        annotations:
          kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"aHVudGVyMg=="}}'
          owner: payments
      type: Opaque
      data:
        password: aHVudGVyMg==
      stringData:
        user: admin
      """;

  private static SealingKey first;
  private static SealingKey second;

  @TempDir static Path dir;
  private static Path secretFile;
  private static Path certFile;
  private static Path pkcs1File;

  @BeforeAll
  static void keys() throws IOException {
    SealingKeyGenerator generator =
        new SealingKeyGenerator(2048, Clock.systemUTC(), new SecureRandom());
    first = generator.generate("first");
    second = generator.generate("second");
    secretFile = write("secret.yaml", SECRET);
    certFile = write("cert.pem", KeyPem.write(first.certificate().orElseThrow()));
    pkcs1File = write("key.pem", KeyPem.write(first.privateKey()));
  }

  private static Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static String plaintext(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static Path sealedFile(String name, String... extraArgs) throws IOException {
    String[] args = new String[4 + extraArgs.length];
    args[0] = "seal";
    args[1] = "-f";
    args[2] = secretFile.toString();
    args[3] = "--cert=" + certFile;
    System.arraycopy(extraArgs, 0, args, 4, extraArgs.length);
    CliRun sealed = CliRun.of(args);
    assertThat(sealed.exitCode()).as(sealed.err()).isZero();
    return write(name, sealed.out());
  }

  @Test
  void sealWritesABulwarkSealedSecretWithoutPlaintextOrLastApplied() throws IOException {
    String out = Files.readString(sealedFile("plain.yaml"));

    assertThat(out)
        .contains("apiVersion: \"bulwark.dev/v1alpha1\"")
        .contains("kind: \"SealedSecret\"")
        .contains("owner: \"payments\"")
        .doesNotContain("last-applied-configuration")
        .doesNotContain("hunter2")
        .doesNotContain("aHVudGVyMg==")
        .doesNotContain("admin");
  }

  @Test
  void unsealOpensWithAPkcs1OrPkcs8PemKey() throws IOException {
    Path sealed = sealedFile("pem.yaml");
    Path pkcs8 =
        write(
            "key8.pem",
            "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(first.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

    for (Path key : new Path[] {pkcs1File, pkcs8}) {
      CliRun run = CliRun.of("unseal", "--key", key.toString(), "-f", sealed.toString());

      assertThat(run.exitCode()).as(run.err()).isZero();
      Secret secret = Serialization.unmarshal(run.out(), Secret.class);
      assertThat(plaintext(secret, "password")).isEqualTo("hunter2");
      assertThat(plaintext(secret, "user")).isEqualTo("admin");
      assertThat(secret.getMetadata().getNamespace()).isEqualTo("team");
    }
  }

  @Test
  void unsealOpensWithAKeySecretListBackupAndJsonOutput() throws IOException {
    Path sealed = sealedFile("backup.yaml", "--scope", "namespace-wide", "-o", "json");
    Secret firstSecret = SealingKeySecrets.toSecret(first, "bulwark-system", "k1");
    Secret secondSecret = SealingKeySecrets.toSecret(second, "bulwark-system", "k2");
    Path backup =
        write(
            "keys.yaml",
            Serialization.asYaml(
                new KubernetesListBuilder().addToItems(secondSecret, firstSecret).build()));

    CliRun run =
        CliRun.of("unseal", "--key", backup.toString(), "-f", sealed.toString(), "-o", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().trim()).startsWith("{");
    assertThat(plaintext(Serialization.unmarshal(run.out(), Secret.class), "password"))
        .isEqualTo("hunter2");
  }

  @Test
  void bitnamiApiVersionIsWrittenAndRead() throws IOException {
    Path sealed = sealedFile("bitnami.yaml", "--api-version", "bitnami.com/v1alpha1");
    assertThat(Files.readString(sealed)).contains("apiVersion: \"bitnami.com/v1alpha1\"");

    CliRun run = CliRun.of("unseal", "--key", pkcs1File.toString(), "-f", sealed.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void resealMovesEveryValueToTheNewCertificateKeepingTheScope() throws IOException {
    Path sealed = sealedFile("old.yaml", "--scope", "cluster-wide");
    Path newCert = write("new-cert.pem", KeyPem.write(second.certificate().orElseThrow()));
    Path newKey = write("new-key.pem", KeyPem.write(second.privateKey()));

    CliRun resealed =
        CliRun.of(
            "reseal",
            "--key",
            pkcs1File.toString(),
            "--cert",
            newCert.toString(),
            "-f",
            sealed.toString());

    assertThat(resealed.exitCode()).as(resealed.err()).isZero();
    Path resealedFile = write("resealed.yaml", resealed.out());
    SealedSecret result = Serialization.unmarshal(resealed.out(), SealedSecret.class);
    assertThat(result.getMetadata().getAnnotations())
        .containsEntry("sealedsecrets.bitnami.com/cluster-wide", "true");
    assertThat(
            CliRun.of("unseal", "--key", newKey.toString(), "-f", resealedFile.toString())
                .exitCode())
        .isZero();
    assertThat(
            CliRun.of("unseal", "--key", pkcs1File.toString(), "-f", resealedFile.toString())
                .exitCode())
        .isEqualTo(1);
  }

  @Test
  void wrongKeyFailsWithExitOneNamingTheItem() throws IOException {
    Path sealed = sealedFile("wrong.yaml");
    Path otherKey = write("other.pem", KeyPem.write(second.privateKey()));

    CliRun run = CliRun.of("unseal", "--key", otherKey.toString(), "-f", sealed.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("bulwark unseal: no active sealing key opens item \"password\"")
        .doesNotContain("hunter2");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void inputErrorsNameTheFileAndField() throws IOException {
    Path configMap = write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    Path noNamespace =
        write("nons.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: x}\ndata: {a: YQ==}\n");

    CliRun wrongKind = CliRun.of("seal", "-f", configMap.toString(), "--cert", certFile.toString());
    CliRun missingNamespace =
        CliRun.of("seal", "-f", noNamespace.toString(), "--cert", certFile.toString());
    Path sealed = sealedFile("errors.yaml");
    CliRun notAKey = CliRun.of("unseal", "--key", configMap.toString(), "-f", sealed.toString());
    CliRun unsealSecret =
        CliRun.of("unseal", "--key", pkcs1File.toString(), "-f", secretFile.toString());

    assertThat(wrongKind.exitCode()).isEqualTo(1);
    assertThat(wrongKind.err()).contains(configMap.toString()).contains("expected Secret");
    assertThat(missingNamespace.exitCode()).isEqualTo(1);
    assertThat(missingNamespace.err()).contains("metadata.namespace");
    assertThat(notAKey.exitCode()).isEqualTo(1);
    assertThat(notAKey.err()).contains(configMap.toString()).contains("expected Secret");
    assertThat(unsealSecret.exitCode()).isEqualTo(1);
    assertThat(unsealSecret.err())
        .contains(secretFile.toString())
        .contains("expected a SealedSecret");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(CliRun.of("unseal", "-f", secretFile.toString()).exitCode()).isEqualTo(2);
    assertThat(
            CliRun.of(
                    "seal",
                    "-f",
                    secretFile.toString(),
                    "--cert",
                    certFile.toString(),
                    "--scope",
                    "global")
                .exitCode())
        .isEqualTo(2);
    assertThat(
            CliRun.of(
                    "seal", "-f", secretFile.toString(), "--cert", certFile.toString(), "-o", "xml")
                .exitCode())
        .isEqualTo(2);
  }
}
