package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.seal.SealedSecretsOptions;
import dev.bulwark.seal.SealingKey;
import dev.bulwark.seal.SealingKeyGenerator;
import dev.bulwark.seal.SealingKeySecrets;
import dev.bulwark.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A key Secret whose certificate does not match its private key, or whose certificate starts in the
 * future beyond the clock skew, is refused (Event + log naming the Secret) and never seals;
 * adopting a new key emits an Event (issue 10, item 8).
 */
@LocalCluster
class SealingKeySoundnessIT extends SealedSecretsTestBase {

  /** Short, so that the renewal check (a quarter of it) publishes the newest key every 5 s. */
  private static final Duration RENEW_PERIOD = Duration.ofSeconds(20);

  /** Two renewal checks: enough for the old code to publish a key it should have refused. */
  private static final Duration WINDOW = Duration.ofSeconds(11);

  @Override
  SealedSecretsOptions options(SealedSecretsOptions defaults) {
    return defaults.withKeyRenewPeriod(RENEW_PERIOD).withKeyBits(2048);
  }

  @Test
  void aKeyWhoseCertificateDoesNotMatchItsPrivateKeyIsRefused() {
    // The certificate starts within the clock skew, so only the mismatch can refuse it; unrefused,
    // it would be the newest key for four minutes.
    Instant start = Instant.now().plus(Duration.ofMinutes(4));
    SealingKey certificateOwner = key("owner", start);
    SealingKey mismatched =
        SealingKey.withCertificate(
            "mismatched",
            key("other", start).privateKey(),
            certificateOwner.certificate().orElseThrow());
    String name = store("bulwark-sealing-key-mismatched", mismatched);

    Event refused = awaitEvent(name, "SealingKeyRefused");

    assertThat(refused.getType()).isEqualTo("Warning");
    assertThat(refused.getMessage())
        .isEqualTo(
            "Sealing key refused: Secret "
                + operator.namespace()
                + "/"
                + name
                + ": its certificate does not match its private key");
    assertNeverSeals(name, certificateOwner);
  }

  @Test
  void aKeyWhoseCertificateStartsInTheFutureIsRefused() {
    SealingKey future = key("future", Instant.now().plus(Duration.ofDays(1)));
    String name = store("bulwark-sealing-key-future", future);

    Event refused = awaitEvent(name, "SealingKeyRefused");

    assertThat(refused.getType()).isEqualTo("Warning");
    assertThat(refused.getMessage())
        .startsWith(
            "Sealing key refused: Secret "
                + operator.namespace()
                + "/"
                + name
                + ": its certificate starts at "
                + future.notBefore())
        .contains("more than 5 minutes after now");
    assertNeverSeals(name, future);
  }

  @Test
  void adoptingANewKeyEmitsAnEvent() {
    String name = operator.module().renewKeyNow();

    Event adopted = awaitEvent(name, "SealingKeyAdopted");

    assertThat(adopted.getType()).isEqualTo("Normal");
    assertThat(adopted.getMessage())
        .startsWith(
            "New SealedSecrets are now sealed to the certificate of Secret "
                + operator.namespace()
                + "/"
                + name);
  }

  /** The key is in no ring and its certificate is never published, over two renewal checks. */
  private void assertNeverSeals(String name, SealingKey key) {
    await()
        .during(WINDOW)
        .atMost(WINDOW.plusSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(operator.module().keys().ring().keys())
                  .extracting(SealingKey::id)
                  .doesNotContain(operator.namespace() + "/" + name);
              assertThat(operator.certificate(client))
                  .isNotEqualTo(key.certificate().orElseThrow());
            });
  }

  private String store(String name, SealingKey key) {
    Secret secret = SealingKeySecrets.toSecret(key, operator.namespace(), name);
    return client.resource(secret).create().getMetadata().getName();
  }

  private Event awaitEvent(String secretName, String reason) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> events(secretName, reason), events -> !events.isEmpty())
        .getFirst();
  }

  private List<Event> events(String secretName, String reason) {
    return client.v1().events().inNamespace(operator.namespace()).list().getItems().stream()
        .filter(e -> "Secret".equals(e.getInvolvedObject().getKind()))
        .filter(e -> secretName.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private static SealingKey key(String id, Instant notBefore) {
    return new SealingKeyGenerator(2048, Clock.fixed(notBefore, ZoneOffset.UTC), new SecureRandom())
        .generate(id);
  }
}
