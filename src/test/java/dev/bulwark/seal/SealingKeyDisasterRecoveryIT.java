package dev.bulwark.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.cli.Main;
import dev.bulwark.localcluster.ControlPlaneBinaries;
import dev.bulwark.localcluster.LocalControlPlane;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Losing the cluster, end to end: cluster A (the shared control plane) unseals 50 SealedSecrets of
 * all three scopes, sealed with an old and the current key; {@code bulwark keys backup} writes its
 * keys to a PKCS#12 file; a second, fresh control plane (its own kube-apiserver and etcd) runs the
 * operator, which makes a key of its own; a wrong passphrase and a changed byte are refused and
 * write nothing; {@code bulwark keys restore} puts the keys in; the same 50 SealedSecrets unseal
 * there to the same Secrets, and the fresh cluster's own newer key keeps sealing. Self-contained:
 * it starts the sealed-secrets operator on each control plane itself.
 *
 * <p>Tier: a multi-process IT (a second control plane); it stays in {@code dev.bulwark.seal} to
 * reach the package-private key classes (docs/testing.md).
 */
@LocalCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SealingKeyDisasterRecoveryIT {

  private static final int SEALED_SECRETS = 50;
  private static final String PASSPHRASE = "twice a year, with the whole platform team";
  private static final Duration SYNC = Duration.ofMinutes(3);

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterAll
  void stopEverything() throws Exception {
    for (AutoCloseable closeable : toClose.reversed()) {
      closeable.close();
    }
  }

  @Test
  void fiftySealedSecretsUnsealInAFreshClusterAfterBackupAndRestore(
      TestCluster clusterA, @TempDir Path backupDir, @TempDir Path workDir) throws Exception {
    // Cluster A: an old key, the current key, and a compromised one that stays out of the backup.
    KubernetesClient clientA = closeLater(clusterA.newClient());
    String operatorNamespace = "bulwark-dr-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    createNamespace(clientA, operatorNamespace);
    SealedSecretsModule moduleA = startOperator(clusterA.plane(), operatorNamespace);
    List<String> namespaces =
        List.of(
            clusterA.createNamespace(Map.of()),
            clusterA.createNamespace(Map.of()),
            clusterA.createNamespace(Map.of()));
    List<SealedSecret> sealed = new ArrayList<>();
    X509Certificate oldCert = publishedCertificate(clientA, operatorNamespace);
    for (int i = 0; i < SEALED_SECRETS / 2; i++) {
      sealed.add(seal(oldCert, namespaces, i));
    }
    moduleA.renewKeyNow();
    X509Certificate currentCert = publishedCertificate(clientA, operatorNamespace);
    assertThat(currentCert).isNotEqualTo(oldCert);
    for (int i = SEALED_SECRETS / 2; i < SEALED_SECRETS; i++) {
      sealed.add(seal(currentCert, namespaces, i));
    }
    String compromised = moduleA.renewKeyNow();
    clientA
        .secrets()
        .inNamespace(operatorNamespace)
        .withName(compromised)
        .edit(
            s -> {
              s.getMetadata()
                  .getLabels()
                  .put(SealingKeySecrets.LABEL, SealingKeySecrets.COMPROMISED);
              return s;
            });
    for (SealedSecret s : sealed) {
      clientA.resource(s).create();
    }
    Map<String, Secret> unsealedInA = awaitAllUnsealed(clientA, sealed);
    assertThat(
            sealed.stream()
                .map(s -> SealingScope.fromAnnotations(s.getMetadata().getAnnotations()))
                .distinct())
        .hasSize(3);

    // Backup, as the docs say, with the passphrase in a file.
    Path passphrase = workDir.resolve("passphrase");
    Files.writeString(passphrase, PASSPHRASE + "\n");
    Path backup = backupDir.resolve("sealing-keys.p12");
    Cli backedUp =
        bulwark(
            "keys",
            "backup",
            "-o",
            backup.toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--kubeconfig",
            clusterA.plane().kubeconfigFile().toString(),
            "--controller-namespace",
            operatorNamespace);
    assertThat(backedUp.exit()).as(backedUp.err()).isZero();
    assertThat(backedUp.out())
        .contains("Wrote 2 sealing key(s)")
        .contains("left out: Secret " + compromised + ": not labelled active");
    assertThat(backedUp.out() + backedUp.err()).doesNotContain("PRIVATE KEY");
    try (Stream<Path> files = Files.list(backupDir)) {
      assertThat(files.toList()).as("no temporary file beside the backup").containsExactly(backup);
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
        .isEqualTo("rw-------");
    byte[] backupBytes = Files.readAllBytes(backup);
    for (Secret keySecret :
        clientA
            .secrets()
            .inNamespace(operatorNamespace)
            .withLabel(SealingKeySecrets.LABEL)
            .list()
            .getItems()) {
      BigInteger exponent =
          SealingKeySecrets.fromSecret(keySecret).privateKey().getPrivateExponent();
      byte[] magnitude = exponent.toByteArray();
      if (magnitude[0] == 0) {
        magnitude = java.util.Arrays.copyOfRange(magnitude, 1, magnitude.length);
      }
      assertThat(contains(backupBytes, magnitude))
          .as("private exponent of " + keySecret.getMetadata().getName() + " in the backup")
          .isFalse();
    }

    // A fresh control plane: its own API server and etcd, the operator with a key of its own.
    LocalControlPlane clusterB =
        closeLater(
            LocalControlPlane.start(
                ControlPlaneBinaries.forVersion(
                    System.getProperty("bulwark.kube.version", "1.37.2"))));
    KubernetesClient clientB = closeLater(clusterB.newClient());
    createNamespace(clientB, operatorNamespace);
    namespaces.forEach(ns -> createNamespace(clientB, ns));
    startOperator(clusterB, operatorNamespace);
    X509Certificate ownCertB = publishedCertificate(clientB, operatorNamespace);
    Map<String, String> keySecretsBefore = keySecretVersions(clientB, operatorNamespace);
    assertThat(keySecretsBefore).hasSize(1);
    String kubeconfigB = clusterB.kubeconfigFile().toString();

    Path wrongPassphrase = workDir.resolve("wrong");
    Files.writeString(wrongPassphrase, "twice a year, with half the platform team\n");
    Cli wrong = restore(backup, wrongPassphrase, kubeconfigB, operatorNamespace);
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err())
        .contains(backup + ": wrong passphrase, or the file was changed after it was written");

    byte[] tamperedBytes = backupBytes.clone();
    tamperedBytes[tamperedBytes.length * 2 / 3] ^= 0x04;
    Path tampered = workDir.resolve("tampered.p12");
    Files.write(tampered, tamperedBytes);
    Cli changed = restore(tampered, passphrase, kubeconfigB, operatorNamespace);
    assertThat(changed.exit()).isEqualTo(1);
    assertThat(changed.err()).startsWith("bulwark keys restore: " + tampered + ": ");

    Cli dryRun =
        bulwark(
            "keys",
            "restore",
            "-f",
            backup.toString(),
            "--dry-run",
            "--passphrase-file",
            passphrase.toString(),
            "--kubeconfig",
            kubeconfigB,
            "--controller-namespace",
            operatorNamespace);
    assertThat(dryRun.exit()).as(dryRun.err()).isZero();
    assertThat(dryRun.out()).contains("Would restore 2, skipped 0 of 2 key(s)");
    assertThat(keySecretVersions(clientB, operatorNamespace))
        .as("nothing written by a wrong passphrase, a changed file or a dry run")
        .isEqualTo(keySecretsBefore);

    // Restore, then the GitOps sync applies the SealedSecrets from Git.
    Cli restored = restore(backup, passphrase, kubeconfigB, operatorNamespace);
    assertThat(restored.exit()).as(restored.err()).isZero();
    assertThat(restored.out()).contains("Restored 2, skipped 0 of 2 key(s)");
    assertThat(restored.out() + restored.err()).doesNotContain("PRIVATE KEY");
    for (SealedSecret s : sealed) {
      clientB.resource(copyForApply(s)).create();
    }
    Map<String, Secret> unsealedInB = awaitAllUnsealed(clientB, sealed);

    assertThat(unsealedInB.keySet()).isEqualTo(unsealedInA.keySet());
    unsealedInA.forEach(
        (id, secretA) -> {
          Secret secretB = unsealedInB.get(id);
          assertThat(secretB.getData()).as(id).isEqualTo(secretA.getData());
          assertThat(secretB.getType()).as(id).isEqualTo(secretA.getType());
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(publishedCertificate(clientB, operatorNamespace))
                    .as("the fresh cluster's own, newer key keeps sealing")
                    .isEqualTo(ownCertB));

    Cli again = restore(backup, passphrase, kubeconfigB, operatorNamespace);
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("Restored 0, skipped 2 of 2 key(s)");
    assertThat(keySecretVersions(clientB, operatorNamespace)).hasSize(3);
  }

  private SealedSecret seal(X509Certificate cert, List<String> namespaces, int i) throws Exception {
    SealingScope scope = SealingScope.values()[i % 3];
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("app-secret-" + i)
            .withNamespace(namespaces.get(i % namespaces.size()))
            .endMetadata()
            .withType(i % 5 == 0 ? "kubernetes.io/basic-auth" : "Opaque")
            .withStringData(
                i % 5 == 0
                    ? Map.of("username", "user-" + i, "password", "pässwörd-" + i)
                    : Map.of("token", "token-" + i + "-" + "x".repeat(i), "url", "https://db/" + i))
            .build();
    return new SecretSealer((RSAPublicKey) cert.getPublicKey()).seal(secret, Optional.of(scope));
  }

  /** Waits until every SealedSecret is Synced True and returns the Secrets, by namespace/name. */
  private static Map<String, Secret> awaitAllUnsealed(
      KubernetesClient client, List<SealedSecret> sealed) {
    await()
        .atMost(SYNC)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              List<String> notSynced = new ArrayList<>();
              for (SealedSecret s : sealed) {
                SealedSecret current =
                    client
                        .resources(SealedSecret.class)
                        .inNamespace(s.getMetadata().getNamespace())
                        .withName(s.getMetadata().getName())
                        .get();
                String synced =
                    current == null
                            || current.getStatus() == null
                            || current.getStatus().getConditions() == null
                        ? null
                        : current.getStatus().getConditions().stream()
                            .filter(c -> "Synced".equals(c.getType()))
                            .map(c -> c.getStatus() + "/" + c.getReason())
                            .findFirst()
                            .orElse(null);
                if (synced == null || !synced.startsWith("True/")) {
                  notSynced.add(s.getMetadata().getName() + "=" + synced);
                }
              }
              assertThat(notSynced).isEmpty();
            });
    Map<String, Secret> secrets = new LinkedHashMap<>();
    for (SealedSecret s : sealed) {
      String ns = s.getMetadata().getNamespace();
      String name = s.getMetadata().getName();
      secrets.put(ns + "/" + name, client.secrets().inNamespace(ns).withName(name).get());
    }
    return secrets;
  }

  /** The SealedSecret as Git holds it: no server-set metadata from cluster A. */
  private static SealedSecret copyForApply(SealedSecret s) {
    SealedSecret copy = new SealedSecret();
    copy.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(s.getMetadata().getName())
            .withNamespace(s.getMetadata().getNamespace())
            .withAnnotations(s.getMetadata().getAnnotations())
            .build());
    copy.setSpec(s.getSpec());
    return copy;
  }

  private static Map<String, String> keySecretVersions(KubernetesClient client, String namespace) {
    return Stream.of(SealingKeySecrets.LABEL, SealingKeySecrets.BITNAMI_LABEL)
        .flatMap(
            label ->
                client.secrets().inNamespace(namespace).withLabel(label).list().getItems().stream())
        .collect(
            Collectors.toMap(
                s -> s.getMetadata().getName(),
                s -> s.getMetadata().getResourceVersion(),
                (a, b) -> a));
  }

  private static X509Certificate publishedCertificate(KubernetesClient client, String namespace)
      throws KeyFormatException {
    String pem =
        new SealingCertificatePublisher(client, namespace)
            .read()
            .orElseThrow(() -> new AssertionError("no published certificate in " + namespace));
    return KeyPem.readCertificate(pem, "published certificate");
  }

  /** Installs the CRD and starts the sealed-secrets part of the operator on {@code plane}. */
  private SealedSecretsModule startOperator(LocalControlPlane plane, String operatorNamespace)
      throws Exception {
    KubernetesClient client = plane.newClient();
    Path crd =
        Path.of(System.getProperty("bulwark.repo.root", "."))
            .resolve("crds/sealedsecrets.bulwark.dev-v1.yml");
    // kubectl's server-side apply, as the other tests install it: the same field manager.
    Process apply =
        new ProcessBuilder(
                plane.binaries().kubectl().toString(),
                "--kubeconfig=" + plane.kubeconfigFile(),
                "apply",
                "--server-side",
                "-f",
                crd.toString())
            .redirectErrorStream(true)
            .start();
    String applied = new String(apply.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(apply.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(apply.exitValue()).as(applied).isZero();
    String crdName = "sealedsecrets." + SealedSecret.GROUP;
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crdName)
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            cond ->
                                "Established".equals(cond.getType())
                                    && "True".equals(cond.getStatus())),
            60,
            TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> client.resources(SealedSecret.class).inAnyNamespace().list() != null);
    Operator operator = new Operator(o -> o.withKubernetesClient(client));
    SealedSecretsModule module =
        SealedSecretsModule.register(
            operator,
            client,
            SealedSecretsOptions.defaults(operatorNamespace)
                .withKeyBits(2048)
                .withRetryFailedAfter(Duration.ofSeconds(1)));
    operator.start();
    toClose.add(
        () -> {
          operator.stop();
          module.close();
        });
    return module;
  }

  private static void createNamespace(KubernetesClient client, String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  private Cli restore(Path file, Path passphrase, String kubeconfig, String namespace) {
    return bulwark(
        "keys",
        "restore",
        "-f",
        file.toString(),
        "--passphrase-file",
        passphrase.toString(),
        "--kubeconfig",
        kubeconfig,
        "--controller-namespace",
        namespace);
  }

  private record Cli(int exit, String out, String err) {}

  private static Cli bulwark(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new Main())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }

  private <T extends AutoCloseable> T closeLater(T closeable) {
    toClose.add(closeable);
    return closeable;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
