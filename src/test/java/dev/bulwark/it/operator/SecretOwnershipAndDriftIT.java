package dev.bulwark.it.operator;

import static dev.bulwark.testing.RunningSealedSecretsOperator.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.api.SealedSecretConditions;
import dev.bulwark.seal.SecretSealer;
import dev.bulwark.seal.UnsealOutcome;
import dev.bulwark.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The produced Secret belongs to its SealedSecret: a foreign Secret is left alone, an edited or
 * deleted one is restored and the repair recorded, and it goes when the SealedSecret goes.
 */
@LocalCluster(controllerManager = true)
class SecretOwnershipAndDriftIT extends SealedSecretsTestBase {

  private static final Duration WINDOW = Duration.ofSeconds(5);

  private SecretSealer sealer;

  @BeforeAll
  void makeASealer() throws Exception {
    sealer = sealer();
  }

  private void createSealed(String namespace, String name) throws Exception {
    client.resource(seal(sealer, namespace, name, Map.of("password", "sealed-value"))).create();
  }

  private static String plaintext(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  private boolean hasEvent(String namespace, String name, String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .anyMatch(
            e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()));
  }

  @Test
  void foreignSecretIsLeftUntouchedAndReported() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    Secret foreign =
        client
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName("taken")
                    .withNamespace(namespace)
                    .endMetadata()
                    .withStringData(Map.of("password", "someone-elses"))
                    .build())
            .create();
    createSealed(namespace, "taken");

    awaitSynced(namespace, "taken", "False/" + SealedSecretConditions.REASON_SECRET_NOT_OWNED);
    assertThat(condition(namespace, "taken").getMessage())
        .contains("Secret " + namespace + "/taken exists and is not owned");
    await()
        .during(WINDOW)
        .atMost(WINDOW.plusSeconds(5))
        .untilAsserted(
            () ->
                assertThat(secret(client, namespace, "taken").getMetadata().getResourceVersion())
                    .isEqualTo(foreign.getMetadata().getResourceVersion()));
  }

  @Test
  void managedAnnotationLetsBulwarkTakeOverFromAnotherController() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("migrated")
                .withNamespace(namespace)
                .withAnnotations(Map.of("sealedsecrets.bitnami.com/managed", "true"))
                .addNewOwnerReference()
                .withApiVersion("bitnami.com/v1alpha1")
                .withKind("SealedSecret")
                .withName("migrated")
                .withUid("00000000-0000-0000-0000-000000000001")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withStringData(Map.of("password", "old", "stale", "gone"))
                .build())
        .create();
    createSealed(namespace, "migrated");

    awaitSynced(namespace, "migrated", "True/" + SealedSecretConditions.REASON_UNSEALED);
    Secret taken = secret(client, namespace, "migrated");
    assertThat(plaintext(taken, "password")).isEqualTo("sealed-value");
    assertThat(taken.getData()).containsOnlyKeys("password");
    assertThat(taken.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(ref -> assertThat(ref.getApiVersion()).isEqualTo(SealedSecret.API_VERSION));
  }

  @Test
  void editedSecretIsRestoredAndTheRepairRecorded() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    createSealed(namespace, "edited");
    awaitSynced(namespace, "edited", "True/" + SealedSecretConditions.REASON_UNSEALED);
    String since = condition(namespace, "edited").getLastTransitionTime();

    client
        .secrets()
        .inNamespace(namespace)
        .withName("edited")
        .edit(
            s -> {
              s.getData()
                  .put("password", Base64.getEncoder().encodeToString("hijacked".getBytes()));
              s.getData().put("injected", Base64.getEncoder().encodeToString("extra".getBytes()));
              return s;
            });

    awaitSynced(namespace, "edited", "True/" + SealedSecretConditions.REASON_SECRET_RESTORED);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Secret restored = secret(client, namespace, "edited");
              assertThat(restored.getData()).containsOnlyKeys("password");
              assertThat(plaintext(restored, "password")).isEqualTo("sealed-value");
            });
    assertThat(condition(namespace, "edited").getMessage()).contains("edited outside Bulwark");
    assertThat(condition(namespace, "edited").getLastTransitionTime()).isEqualTo(since);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> hasEvent(namespace, "edited", UnsealOutcome.EVENT_SECRET_RESTORED));
  }

  @Test
  void deletedSecretIsRestored() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    createSealed(namespace, "deleted");
    awaitSynced(namespace, "deleted", "True/" + SealedSecretConditions.REASON_UNSEALED);

    client.secrets().inNamespace(namespace).withName("deleted").delete();

    awaitSynced(namespace, "deleted", "True/" + SealedSecretConditions.REASON_SECRET_RESTORED);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(plaintext(secret(client, namespace, "deleted"), "password"))
                    .isEqualTo("sealed-value"));
    assertThat(condition(namespace, "deleted").getMessage()).contains("deleted outside Bulwark");
  }

  @Test
  void syncedStatusIsNotRewrittenWhileNothingChanges() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    createSealed(namespace, "steady");
    awaitSynced(namespace, "steady", "True/" + SealedSecretConditions.REASON_UNSEALED);
    String version =
        client
            .resources(SealedSecret.class)
            .inNamespace(namespace)
            .withName("steady")
            .get()
            .getMetadata()
            .getResourceVersion();
    String secretVersion = secret(client, namespace, "steady").getMetadata().getResourceVersion();

    await()
        .during(WINDOW)
        .atMost(WINDOW.plusSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .resources(SealedSecret.class)
                          .inNamespace(namespace)
                          .withName("steady")
                          .get()
                          .getMetadata()
                          .getResourceVersion())
                  .isEqualTo(version);
              assertThat(secret(client, namespace, "steady").getMetadata().getResourceVersion())
                  .isEqualTo(secretVersion);
            });
  }

  @Test
  void deletingTheSealedSecretCollectsItsSecret() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    createSealed(namespace, "collected");
    awaitSynced(namespace, "collected", "True/" + SealedSecretConditions.REASON_UNSEALED);

    client.resources(SealedSecret.class).inNamespace(namespace).withName("collected").delete();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(secret(client, namespace, "collected")).isNull());
  }
}
