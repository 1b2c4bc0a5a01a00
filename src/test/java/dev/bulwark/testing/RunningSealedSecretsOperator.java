package dev.bulwark.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.api.SealedSecretConditions;
import dev.bulwark.api.SealedSecretStatus;
import dev.bulwark.seal.KeyFormatException;
import dev.bulwark.seal.KeyPem;
import dev.bulwark.seal.SealedSecretsModule;
import dev.bulwark.seal.SealedSecretsOptions;
import dev.bulwark.seal.SealingCertificatePublisher;
import dev.bulwark.seal.SecretSealer;
import dev.bulwark.testing.TestCluster.KubectlResult;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The sealed-secrets reconciler running in-process against the test cluster, as the operator runs
 * it.
 */
public final class RunningSealedSecretsOperator implements AutoCloseable {

  private final Operator operator;
  private final SealedSecretsModule module;
  private final String namespace;

  private RunningSealedSecretsOperator(
      Operator operator, SealedSecretsModule module, String namespace) {
    this.operator = operator;
    this.module = module;
    this.namespace = namespace;
  }

  /**
   * Installs the CRD, makes an operator namespace, and starts the reconciler with {@code options}.
   */
  public static RunningSealedSecretsOperator start(
      TestCluster cluster, java.util.function.UnaryOperator<SealedSecretsOptions> options) {
    installCrd(cluster);
    String namespace = cluster.createNamespace(Map.of());
    KubernetesClient client = cluster.newClient();
    Operator operator = new Operator(o -> o.withKubernetesClient(client));
    SealedSecretsModule module =
        SealedSecretsModule.register(
            operator,
            client,
            options.apply(
                SealedSecretsOptions.defaults(namespace)
                    .withRetryFailedAfter(Duration.ofSeconds(2))));
    operator.start();
    return new RunningSealedSecretsOperator(operator, module, namespace);
  }

  public static RunningSealedSecretsOperator start(TestCluster cluster) {
    return start(cluster, o -> o);
  }

  public static void installCrd(TestCluster cluster) {
    Path crd =
        Path.of(System.getProperty("bulwark.repo.root", "."))
            .resolve("crds/sealedsecrets.bulwark.dev-v1.yml");
    KubectlResult applied = cluster.kubectl("apply", "--server-side", "-f", crd.toString());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(cluster.kubectl("get", "sealedsecrets.bulwark.dev", "-A").exitCode())
                    .isZero());
  }

  public String namespace() {
    return namespace;
  }

  public SealedSecretsModule module() {
    return module;
  }

  /** The certificate the operator publishes for sealing. */
  public X509Certificate certificate(KubernetesClient client) throws KeyFormatException {
    String pem =
        new SealingCertificatePublisher(client, namespace)
            .read()
            .orElseThrow(() -> new AssertionError("no published certificate"));
    return KeyPem.readCertificate(pem, "published certificate");
  }

  /** The published certificate written to a PEM file. */
  public Path certificateFile(KubernetesClient client, Path dir)
      throws IOException, KeyFormatException {
    Path file = Files.createTempFile(dir, "cert", ".pem");
    Files.writeString(file, KeyPem.write(certificate(client)));
    return file;
  }

  public SecretSealer sealer(KubernetesClient client) throws KeyFormatException {
    return new SecretSealer((RSAPublicKey) certificate(client).getPublicKey());
  }

  /** The SealedSecret's Synced condition status, or null. */
  public static String synced(KubernetesClient client, String namespace, String name) {
    SealedSecret sealed =
        client.resources(SealedSecret.class).inNamespace(namespace).withName(name).get();
    return syncedCondition(sealed == null ? null : sealed.getStatus())
        .map(c -> c.getStatus() + "/" + c.getReason())
        .orElse(null);
  }

  /** The Synced condition of a SealedSecret's status, if there is one. */
  public static Optional<Condition> syncedCondition(SealedSecretStatus status) {
    if (status == null || status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream()
        .filter(c -> SealedSecretConditions.SYNCED.equals(c.getType()))
        .findFirst();
  }

  public static Secret secret(KubernetesClient client, String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  @Override
  public void close() {
    operator.stop();
    module.close();
  }
}
