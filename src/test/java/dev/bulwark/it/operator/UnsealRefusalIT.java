package dev.bulwark.it.operator;

import static dev.bulwark.testing.RunningSealedSecretsOperator.secret;
import static dev.bulwark.testing.RunningSealedSecretsOperator.synced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.api.SealedSecretConditions;
import dev.bulwark.seal.SealingScope;
import dev.bulwark.seal.SecretSealer;
import dev.bulwark.seal.TestKeys;
import dev.bulwark.seal.UnsealOutcome;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningSealedSecretsOperator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ciphertexts that must not open — tampered, truncated, another key, another name or namespace, a
 * scope widened in the template — give Synced=False, an UnsealFailed Event and no Secret, and keep
 * doing so over a window (the reconciler retries every two seconds here).
 */
@LocalCluster
class UnsealRefusalIT extends SealedSecretsTestBase {

  private static final String PLAINTEXT = "refusal-plaintext-marker";
  private static final Duration WINDOW = Duration.ofSeconds(5);

  private SecretSealer sealer;

  @BeforeAll
  void makeASealer() throws Exception {
    sealer = sealer();
  }

  private SealedSecret seal(SecretSealer with, String namespace, String name) throws Exception {
    return seal(with, namespace, name, Map.of("password", PLAINTEXT, "user", "admin"));
  }

  private static SealedSecret mutateValue(SealedSecret sealed, UnaryOperator<byte[]> mutation) {
    Map<String, String> data = sealed.getSpec().getEncryptedData();
    byte[] bytes = Base64.getDecoder().decode(data.get("password"));
    data.put("password", Base64.getEncoder().encodeToString(mutation.apply(bytes)));
    return sealed;
  }

  private void create(SealedSecret sealed) {
    client.resource(sealed).create();
  }

  /** Synced=False with the reason, an UnsealFailed Event, and no Secret for the whole window. */
  private void assertRefused(String namespace, String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(synced(client, namespace, name)).isEqualTo("False/" + reason));
    SealedSecret sealed =
        client.resources(SealedSecret.class).inNamespace(namespace).withName(name).get();
    String message =
        RunningSealedSecretsOperator.syncedCondition(sealed.getStatus()).orElseThrow().getMessage();
    assertThat(message).contains("password").doesNotContain(PLAINTEXT);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(unsealFailedEvents(namespace, name))
                    .anySatisfy(e -> assertThat(e.getMessage()).isEqualTo(message)));
    await()
        .during(WINDOW)
        .atMost(WINDOW.plusSeconds(5))
        .untilAsserted(() -> assertThat(secret(client, namespace, name)).isNull());
    assertThat(synced(client, namespace, name)).isEqualTo("False/" + reason);
  }

  private java.util.List<Event> unsealFailedEvents(String namespace, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> UnsealOutcome.EVENT_UNSEAL_FAILED.equals(e.getReason()))
        .filter(e -> "Warning".equals(e.getType()))
        .toList();
  }

  @Test
  void tamperedCiphertextIsRefused() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    SealedSecret sealed =
        mutateValue(
            seal(sealer, namespace, "tampered"),
            bytes -> {
              bytes[bytes.length - 20] ^= 0x40;
              return bytes;
            });
    create(sealed);
    assertRefused(namespace, "tampered", SealedSecretConditions.REASON_DECRYPTION_FAILED);
  }

  @Test
  void truncatedCiphertextIsRefused() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    SealedSecret sealed =
        mutateValue(
            seal(sealer, namespace, "truncated"), bytes -> Arrays.copyOf(bytes, bytes.length / 2));
    create(sealed);
    assertRefused(namespace, "truncated", SealedSecretConditions.REASON_DECRYPTION_FAILED);
  }

  @Test
  void ciphertextForAnotherKeyIsRefused() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    SecretSealer stranger =
        new SecretSealer(
            (RSAPublicKey) TestKeys.other4096().certificate().orElseThrow().getPublicKey());
    create(seal(stranger, namespace, "wrong-key"));
    assertRefused(namespace, "wrong-key", SealedSecretConditions.REASON_DECRYPTION_FAILED);
  }

  @Test
  void strictSealMovedToAnotherNameIsRefused() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    SealedSecret sealed = seal(sealer, namespace, "original");
    sealed.getMetadata().setName("renamed");
    create(sealed);
    assertRefused(namespace, "renamed", SealedSecretConditions.REASON_DECRYPTION_FAILED);
  }

  @Test
  void strictSealMovedToAnotherNamespaceIsRefused() throws Exception {
    String home = cluster.createNamespace(Map.of());
    String elsewhere = cluster.createNamespace(Map.of());
    SealedSecret sealed = seal(sealer, home, "moved");
    sealed.getMetadata().setNamespace(elsewhere);
    create(sealed);
    assertRefused(elsewhere, "moved", SealedSecretConditions.REASON_DECRYPTION_FAILED);
  }

  @Test
  void scopeWidenedOnlyInTheTemplateIsRefused() throws Exception {
    String victim = cluster.createNamespace(Map.of());
    String attacker = cluster.createNamespace(Map.of());
    SealedSecret sealed = seal(sealer, victim, "widened");
    Map<String, String> templateAnnotations = new HashMap<>();
    templateAnnotations.put(SealingScope.CLUSTER_WIDE_ANNOTATION, "true");
    templateAnnotations.put(SealingScope.NAMESPACE_WIDE_ANNOTATION, "true");
    sealed.getSpec().getTemplate().getMetadata().setAnnotations(templateAnnotations);
    sealed.getMetadata().setNamespace(attacker);
    create(sealed);
    assertRefused(attacker, "widened", SealedSecretConditions.REASON_DECRYPTION_FAILED);
  }

  @Test
  void tamperedUpdateLeavesTheExistingSecretUnchanged() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    create(seal(sealer, namespace, "updated"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(synced(client, namespace, "updated")).isEqualTo("True/Unsealed"));
    Secret before = secret(client, namespace, "updated");

    SealedSecret tampered =
        mutateValue(
            seal(sealer, namespace, "updated"),
            bytes -> {
              bytes[bytes.length - 1] ^= 0x01;
              return bytes;
            });
    client
        .resources(SealedSecret.class)
        .inNamespace(namespace)
        .withName("updated")
        .edit(
            current -> {
              current.setSpec(tampered.getSpec());
              return current;
            });

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(synced(client, namespace, "updated"))
                    .isEqualTo("False/" + SealedSecretConditions.REASON_DECRYPTION_FAILED));
    await()
        .during(WINDOW)
        .atMost(WINDOW.plusSeconds(5))
        .untilAsserted(
            () -> {
              Secret now = secret(client, namespace, "updated");
              assertThat(now.getMetadata().getResourceVersion())
                  .isEqualTo(before.getMetadata().getResourceVersion());
              assertThat(now.getData()).isEqualTo(before.getData());
            });
    assertThat(
            new String(
                Base64.getDecoder().decode(before.getData().get("password")),
                StandardCharsets.UTF_8))
        .isEqualTo(PLAINTEXT);
  }
}
