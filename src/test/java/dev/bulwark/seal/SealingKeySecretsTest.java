package dev.bulwark.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SealingKeySecretsTest {

  private static Secret labelled(Map<String, String> labels) {
    Secret secret = SealingKeySecrets.toSecret(TestKeys.rsa2048(), "ops", "k");
    secret.getMetadata().setLabels(labels);
    return secret;
  }

  @Test
  void storedKeyReadsBackWithItsCertificate() throws KeyFormatException {
    Secret secret = SealingKeySecrets.toSecret(TestKeys.rsa2048(), "ops", "k");

    SealingKey key = SealingKeySecrets.fromSecret(secret);

    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(key.id()).isEqualTo("ops/k");
    assertThat(key.privateKey()).isEqualTo(TestKeys.rsa2048().privateKey());
    assertThat(key.certificate()).isEqualTo(TestKeys.rsa2048().certificate());
  }

  @Test
  void activeMeansLabelledActiveByBulwarkOrBitnamiAndCompromisedNowhere() {
    assertThat(SealingKeySecrets.isActive(labelled(Map.of(SealingKeySecrets.LABEL, "active"))))
        .isTrue();
    assertThat(
            SealingKeySecrets.isActive(labelled(Map.of(SealingKeySecrets.BITNAMI_LABEL, "active"))))
        .isTrue();
    assertThat(SealingKeySecrets.isActive(labelled(Map.of(SealingKeySecrets.LABEL, "compromised"))))
        .isFalse();
    assertThat(
            SealingKeySecrets.isActive(
                labelled(
                    Map.of(
                        SealingKeySecrets.LABEL, "active",
                        SealingKeySecrets.BITNAMI_LABEL, "compromised"))))
        .isFalse();
    assertThat(SealingKeySecrets.isActive(labelled(Map.of("app", "x")))).isFalse();
  }

  @Test
  void brokenKeySecretNamesTheSecretAndFieldNotTheContent() {
    Secret secret = SealingKeySecrets.toSecret(TestKeys.rsa2048(), "ops", "broken");
    secret.getData().put("tls.key", "bm90IGEga2V5");

    assertThatThrownBy(() -> SealingKeySecrets.fromSecret(secret))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("ops/broken")
        .hasMessageContaining("tls.key")
        .hasMessageNotContaining("not a key");
  }
}
