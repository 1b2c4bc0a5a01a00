package dev.bulwark.seal;

import static dev.bulwark.testing.RunningSealedSecretsOperator.synced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.cli.Main;
import dev.bulwark.testing.Kubeseal;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningSealedSecretsOperator;
import dev.bulwark.testing.TestCluster;
import dev.bulwark.testing.TestCluster.KubectlResult;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark keys restore} into a namespace that already holds keys: a newer key (even one
 * holding the name a backed-up key had) is never overwritten and keeps sealing, a key already there
 * is not added twice; and Bitnami's key Secrets, as {@code kubectl get secret -l
 * sealedsecrets.bitnami.com/sealed-secrets-key -o yaml} lists them, restore as they are.
 *
 * <p>Tier: an operator IT (the sealed-secret reconciler in-process); it stays in {@code
 * dev.bulwark.seal} to reach the package-private key classes (docs/testing.md).
 */
@LocalCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRestoreIT {

  private static final String PASSPHRASE = "restore drill passphrase";

  private TestCluster cluster;
  private RunningSealedSecretsOperator operator;
  private KubernetesClient client;

  @TempDir Path dir;

  @BeforeAll
  void start(TestCluster cluster) {
    this.cluster = cluster;
    operator = RunningSealedSecretsOperator.start(cluster, o -> o.withKeyBits(2048));
    client = cluster.newClient();
  }

  @AfterAll
  void stop() {
    operator.close();
    client.close();
  }

  private record Cli(int exit, String out, String err) {}

  private Cli restore(Path file, String... more) {
    String[] args =
        Stream.concat(
                Stream.of(
                    "keys",
                    "restore",
                    "-f",
                    file.toString(),
                    "--kubeconfig",
                    cluster.plane().kubeconfigFile().toString(),
                    "--controller-namespace",
                    operator.namespace()),
                Stream.of(more))
            .toArray(String[]::new);
    return bulwark(args);
  }

  private static Cli bulwark(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new picocli.CommandLine(new Main())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }

  private Secret keySecret(String name) {
    return client.secrets().inNamespace(operator.namespace()).withName(name).get();
  }

  private int keySecretCount() {
    return client
        .secrets()
        .inNamespace(operator.namespace())
        .withLabel(SealingKeySecrets.LABEL)
        .list()
        .getItems()
        .size();
  }

  private SealedSecret seal(SealingKey key, String namespace, String name) throws Exception {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withStringData(Map.of("password", "restored-" + name))
            .build();
    return new SecretSealer((RSAPublicKey) key.certificate().orElseThrow().getPublicKey())
        .seal(secret, Optional.empty());
  }

  @Test
  void restoreNeverOverwritesANewerKeyNorAddsAKeyTwice() throws Exception {
    String ns = operator.namespace();
    SealingKey operatorsKey =
        SealingKeySecrets.fromSecret(
            client
                .secrets()
                .inNamespace(ns)
                .withLabel(SealingKeySecrets.LABEL)
                .list()
                .getItems()
                .getFirst());
    // A newer key, stored under the very name the backed-up old key had.
    SealingKey newer =
        new SealingKeyGenerator(2048, Clock.systemUTC(), new SecureRandom()).generate("newer");
    client.resource(SealingKeySecrets.toSecret(newer, ns, "bulwark-sealing-key-taken")).create();
    String newerVersion = keySecret("bulwark-sealing-key-taken").getMetadata().getResourceVersion();
    SealingKey old = TestKeys.rsa2048();
    Path backup = dir.resolve("backup.p12");
    Files.write(
        backup,
        KeyBackupFile.write(
            List.of(
                BackedUpKey.active("bulwark-sealing-key-taken", old),
                BackedUpKey.active("the-operators-key-by-another-name", operatorsKey)),
            PASSPHRASE.toCharArray(),
            1_000));
    Path passphrase = dir.resolve("passphrase");
    Files.writeString(passphrase, PASSPHRASE);
    int before = keySecretCount();

    Cli run = restore(backup, "--passphrase-file", passphrase.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Restored 1, skipped 1 of 2 key(s)")
        .contains("skipped the-operators-key-by-another-name: already in the namespace as Secret ");
    assertThat(keySecretCount()).isEqualTo(before + 1);
    Secret taken = keySecret("bulwark-sealing-key-taken");
    assertThat(taken.getMetadata().getResourceVersion()).isEqualTo(newerVersion);
    assertThat(SealingKeySecrets.fromSecret(taken).privateKey().getModulus())
        .isEqualTo(newer.privateKey().getModulus());
    Secret restored =
        client
            .secrets()
            .inNamespace(ns)
            .withLabel(SealingKeySecrets.LABEL)
            .list()
            .getItems()
            .stream()
            .filter(
                s ->
                    "bulwark-sealing-key-taken"
                        .equals(
                            s.getMetadata()
                                .getAnnotations()
                                .get(ClusterSealingKeys.RESTORED_FROM_ANNOTATION)))
            .findFirst()
            .orElseThrow();
    assertThat(restored.getMetadata().getName()).startsWith(SealingKeyStore.NAME_PREFIX);
    assertThat(SealingKeySecrets.fromSecret(restored).privateKey().getModulus())
        .isEqualTo(old.privateKey().getModulus());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        operator
                            .module()
                            .keys()
                            .ring()
                            .sealingKey()
                            .orElseThrow()
                            .privateKey()
                            .getModulus())
                    .as("the newest key seals, not the restored old one")
                    .isEqualTo(newer.privateKey().getModulus()));

    String namespace = cluster.createNamespace(Map.of());
    client.resource(seal(old, namespace, "sealed-with-the-old-key")).create();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(synced(client, namespace, "sealed-with-the-old-key"))
                    .isEqualTo("True/Unsealed"));
  }

  /** --force replaces an old backup in one rename: no half-written file, nothing left beside it. */
  @Test
  void backupReplacesAnExistingFileOnlyWithForce() throws Exception {
    Path backupDir = Files.createDirectory(dir.resolve("backups"));
    Path backup = backupDir.resolve("latest.p12");
    Files.writeString(backup, "last month's backup");
    Path passphrase = dir.resolve("backup-passphrase");
    Files.writeString(passphrase, PASSPHRASE);
    String[] args = {
      "keys",
      "backup",
      "-o",
      backup.toString(),
      "--passphrase-file",
      passphrase.toString(),
      "--kubeconfig",
      cluster.plane().kubeconfigFile().toString(),
      "--controller-namespace",
      operator.namespace()
    };

    Cli refused = bulwark(args);
    Cli forced =
        bulwark(Stream.concat(Arrays.stream(args), Stream.of("--force")).toArray(String[]::new));

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains(backup + ": exists; name a new file or add --force");
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(
            KeyBackupFile.read(Files.readAllBytes(backup), "latest.p12", PASSPHRASE.toCharArray()))
        .isNotEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
        .isEqualTo("rw-------");
    try (var files = Files.list(backupDir)) {
      assertThat(files.toList()).containsExactly(backup);
    }
  }

  /** A backup that silently lacked a key would fail when it is needed: it stops instead. */
  @Test
  void backupStopsAtAnActiveKeySecretTheOperatorWouldRefuse() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    client.resource(SealingKeySecrets.toSecret(TestKeys.other2048(), namespace, "good")).create();
    SealingKey mismatched =
        SealingKey.withCertificate(
            "x", TestKeys.rsa2048().privateKey(), TestKeys.other2048().certificate().orElseThrow());
    client.resource(SealingKeySecrets.toSecret(mismatched, namespace, "mismatched")).create();
    Path passphrase = dir.resolve("refusal-passphrase");
    Files.writeString(passphrase, PASSPHRASE);
    Path backup = dir.resolve("refused.p12");

    Cli run =
        bulwark(
            "keys",
            "backup",
            "-o",
            backup.toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--kubeconfig",
            cluster.plane().kubeconfigFile().toString(),
            "--controller-namespace",
            namespace);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "bulwark keys backup: Secret "
                + namespace
                + "/mismatched: its certificate does not match its private key; fix it, or label"
                + " it compromised to leave it out of the backup"
                + System.lineSeparator());
    assertThat(backup).doesNotExist();
  }

  @Test
  void bitnamisKeySecretListRestoresWithoutItsCompromisedKey() throws Exception {
    String bitnamiNamespace = cluster.createNamespace(Map.of());
    SealingKey active = TestKeys.generate("bitnami-active", 2048, "2024-03-01T00:00:00Z");
    SealingKey compromised = TestKeys.generate("bitnami-compromised", 2048, "2024-02-01T00:00:00Z");
    for (var entry :
        Map.of(
                "sealed-secrets-keyactiv", Map.entry(active, SealingKeySecrets.ACTIVE),
                "sealed-secrets-keycompr", Map.entry(compromised, SealingKeySecrets.COMPROMISED))
            .entrySet()) {
      Secret secret =
          SealingKeySecrets.toSecret(entry.getValue().getKey(), bitnamiNamespace, entry.getKey());
      secret
          .getMetadata()
          .setLabels(Map.of(SealingKeySecrets.BITNAMI_LABEL, entry.getValue().getValue()));
      client.resource(secret).create();
    }
    KubectlResult listed =
        cluster.kubectl(
            "get",
            "secret",
            "-n",
            bitnamiNamespace,
            "-l",
            SealingKeySecrets.BITNAMI_LABEL,
            "-o",
            "yaml");
    assertThat(listed.exitCode()).as(listed.output()).isZero();
    Path list = dir.resolve("bitnami-keys.yaml");
    Files.writeString(list, listed.output());

    Cli run = restore(list);

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("restored sealed-secrets-keyactiv")
        .contains("skipped sealed-secrets-keycompr: labelled compromised in the backup")
        .contains("Restored 1, skipped 1 of 2 key(s)");
    assertThat(keySecret("sealed-secrets-keyactiv")).isNotNull();
    assertThat(keySecret("sealed-secrets-keycompr")).isNull();

    Path cert = dir.resolve("bitnami-cert.pem");
    Files.writeString(cert, KeyPem.write(active.certificate().orElseThrow()));
    String namespace = cluster.createNamespace(Map.of());
    String secretYaml =
        Serialization.asYaml(
            new SecretBuilder()
                .withNewMetadata()
                .withName("sealed-by-kubeseal")
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(Map.of("password", "from-bitnami"))
                .build());
    SealedSecret sealed =
        Serialization.unmarshal(
            Kubeseal.locate().seal(cert, "strict", secretYaml), SealedSecret.class);
    sealed.setApiVersion(SealedSecret.API_VERSION);
    client.resource(sealed).create();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(synced(client, namespace, "sealed-by-kubeseal"))
                    .isEqualTo("True/Unsealed"));
  }
}
