package dev.bulwark.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a restore plans before it writes: never a key the namespace holds already (in any state),
 * never a compromised or untrustworthy key, each key once.
 */
class KeyRestorePlanTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  private static Secret keySecret(SealingKey key, String name, String label, String value) {
    Secret secret = SealingKeySecrets.toSecret(key, "bulwark-system", name);
    secret.getMetadata().setLabels(Map.of(label, value));
    return secret;
  }

  @Test
  void aKeyTheNamespaceHoldsUnderAnotherNameIsSkippedTheOthersRestored() throws Exception {
    Secret existing =
        keySecret(TestKeys.rsa2048(), "bulwark-sealing-key-x1", SealingKeySecrets.LABEL, "active");

    KeyRestorePlan plan =
        KeyRestorePlan.of(
            List.of(
                BackedUpKey.active("old-name", TestKeys.rsa2048()),
                BackedUpKey.active("other", TestKeys.other2048())),
            List.of(existing),
            NOW);

    assertThat(plan.restore()).extracting(BackedUpKey::name).containsExactly("other");
    assertThat(plan.skipped())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.key().name()).isEqualTo("old-name");
              assertThat(s.reason())
                  .isEqualTo("already in the namespace as Secret bulwark-sealing-key-x1");
            });
  }

  /** A key marked compromised in the cluster stays out of service: restore never revives it. */
  @Test
  void aKeyMarkedCompromisedInTheNamespaceIsNotRevived() throws Exception {
    Secret compromised =
        keySecret(
            TestKeys.rsa2048(),
            "sealed-secrets-key1",
            SealingKeySecrets.BITNAMI_LABEL,
            SealingKeySecrets.COMPROMISED);

    KeyRestorePlan plan =
        KeyRestorePlan.of(
            List.of(BackedUpKey.active("k", TestKeys.rsa2048())), List.of(compromised), NOW);

    assertThat(plan.restore()).isEmpty();
    assertThat(plan.skipped().getFirst().reason())
        .isEqualTo("already in the namespace as Secret sealed-secrets-key1 (not active: left so)");
  }

  @Test
  void theSameKeyTwiceInABackupIsRestoredOnce() throws Exception {
    KeyRestorePlan plan =
        KeyRestorePlan.of(
            List.of(
                BackedUpKey.active("first", TestKeys.rsa2048()),
                BackedUpKey.active("copy", TestKeys.rsa2048())),
            List.of(),
            NOW);

    assertThat(plan.restore()).extracting(BackedUpKey::name).containsExactly("first");
    assertThat(plan.skipped().getFirst().reason())
        .isEqualTo("the same key as \"first\" in the backup");
  }

  @Test
  void keysLabelledCompromisedInTheBackupAreLeftOut() throws Exception {
    KeyRestorePlan plan =
        KeyRestorePlan.of(
            List.of(new BackedUpKey("bad", TestKeys.rsa2048(), true)), List.of(), NOW);

    assertThat(plan.restore()).isEmpty();
    assertThat(plan.skipped().getFirst().reason())
        .isEqualTo("labelled compromised in the backup: not restored");
  }

  /** A key the operator would refuse is refused by restore too, and then nothing is restored. */
  @Test
  void anUntrustworthyKeyRefusesTheWholeRestore() {
    SealingKey mismatched =
        SealingKey.withCertificate(
            "x", TestKeys.rsa2048().privateKey(), TestKeys.other2048().certificate().orElseThrow());
    SealingKey future = TestKeys.generate("future", 2048, "2027-01-01T00:00:00Z");

    assertThatThrownBy(
            () ->
                KeyRestorePlan.of(
                    List.of(
                        BackedUpKey.active("fine", TestKeys.other2048()),
                        BackedUpKey.active("mismatched", mismatched)),
                    List.of(),
                    NOW))
        .isInstanceOf(KeyFormatException.class)
        .hasMessage("key \"mismatched\": its certificate does not match its private key");
    assertThatThrownBy(
            () -> KeyRestorePlan.of(List.of(BackedUpKey.active("future", future)), List.of(), NOW))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageStartingWith("key \"future\": its certificate starts at 2027-01-01T00:00:00Z");
  }

  @Test
  void aBareKeyCannotBeRestored() {
    SealingKey bare = SealingKey.bare("pem", TestKeys.rsa2048().privateKey());

    assertThatThrownBy(
            () -> KeyRestorePlan.of(List.of(BackedUpKey.active("pem", bare)), List.of(), NOW))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("has no certificate");
  }

  /** Bitnami's key Secrets as kubectl lists them: names kept, the compromised one marked. */
  @Test
  void aBitnamiKeySecretListReadsWithNamesAndCompromisedMarks() throws Exception {
    Secret active =
        keySecret(
            TestKeys.rsa2048(),
            "sealed-secrets-keyaaaaa",
            SealingKeySecrets.BITNAMI_LABEL,
            SealingKeySecrets.ACTIVE);
    Secret compromised =
        keySecret(
            TestKeys.other2048(),
            "sealed-secrets-keybbbbb",
            SealingKeySecrets.BITNAMI_LABEL,
            SealingKeySecrets.COMPROMISED);
    String yaml =
        Serialization.asYaml(new KubernetesListBuilder().withItems(active, compromised).build());

    List<BackedUpKey> keys = KeyFiles.readKeySecrets(Path.of("bitnami-keys.yaml"), yaml);

    assertThat(keys)
        .extracting(BackedUpKey::name)
        .containsExactly("sealed-secrets-keyaaaaa", "sealed-secrets-keybbbbb");
    assertThat(keys).extracting(BackedUpKey::compromised).containsExactly(false, true);
    assertThat(KeyRestorePlan.of(keys, List.of(), NOW).restore())
        .extracting(BackedUpKey::name)
        .containsExactly("sealed-secrets-keyaaaaa");
  }

  @Test
  void aPemKeyIsNotARestoreSource() {
    String pem = KeyPem.write(TestKeys.rsa2048().privateKey());

    assertThatThrownBy(() -> KeyFiles.readKeySecrets(Path.of("key.pem"), pem))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageStartingWith("key.pem: a PEM key has no certificate");
  }
}
