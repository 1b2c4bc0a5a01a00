package dev.bulwark.it.operator;

import static dev.bulwark.testing.RunningSealedSecretsOperator.synced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.seal.SealedSecretsOptions;
import dev.bulwark.seal.SecretSealer;
import dev.bulwark.testing.RunningSealedSecretsOperator;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The setup every sealed-secret IT shares: the SealedSecret reconciler running in-process against
 * the test cluster ({@link RunningSealedSecretsOperator}: its CRD, an operator namespace of its
 * own, a failed unseal retried after 2 s), a client, and the small helpers they all need. A test
 * class changes the reconciler's options by overriding {@link #options}, and runs code before the
 * reconciler starts by overriding {@link #beforeOperatorStarts}; its own {@code @BeforeAll} methods
 * run after this class's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SealedSecretsTestBase {

  TestCluster cluster;
  RunningSealedSecretsOperator operator;
  KubernetesClient client;

  /** The reconciler's options: the harness's unless a test class says otherwise. */
  SealedSecretsOptions options(SealedSecretsOptions defaults) {
    return defaults;
  }

  /** Runs before the reconciler starts (e.g. to capture its log from the first line). */
  void beforeOperatorStarts() {}

  @BeforeAll
  final void startSealedSecretsOperator(TestCluster testCluster) {
    cluster = testCluster;
    beforeOperatorStarts();
    operator = RunningSealedSecretsOperator.start(cluster, this::options);
    client = cluster.newClient();
  }

  @AfterAll
  final void stopSealedSecretsOperator() {
    operator.close();
    client.close();
  }

  /** A sealer for the certificate the operator publishes. */
  SecretSealer sealer() throws Exception {
    return operator.sealer(client);
  }

  /** The Secret {@code namespace/name} holding {@code stringData}, sealed by {@code sealer}. */
  static SealedSecret seal(
      SecretSealer sealer, String namespace, String name, Map<String, String> stringData)
      throws Exception {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withStringData(stringData)
            .build();
    return sealer.seal(secret, Optional.empty());
  }

  /** Waits (30 s at most) until the Synced condition reads {@code expected}: "status/reason". */
  void awaitSynced(String namespace, String name, String expected) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(synced(client, namespace, name)).isEqualTo(expected));
  }

  /** The Synced condition (a SealedSecret's only one) of {@code namespace/name}; it must exist. */
  Condition condition(String namespace, String name) {
    SealedSecret sealed =
        client.resources(SealedSecret.class).inNamespace(namespace).withName(name).get();
    return RunningSealedSecretsOperator.syncedCondition(sealed.getStatus()).orElseThrow();
  }
}
