package dev.bulwark.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SealingKeySoundnessTest {

  private static final SealingKey KEY = TestKeys.rsa2048();
  private static final Instant STARTS = KEY.notBefore();

  @Test
  void aMatchingKeyThatHasStartedIsSound() {
    assertThat(SealingKeySoundness.problem(KEY, STARTS.plus(Duration.ofDays(1)))).isEmpty();
  }

  @Test
  void aCertificateOfAnotherKeyIsRefused() {
    SealingKey mismatched =
        SealingKey.withCertificate(
            "ns/mixed", TestKeys.rsa4096().privateKey(), KEY.certificate().orElseThrow());

    assertThat(SealingKeySoundness.problem(mismatched, STARTS.plus(Duration.ofDays(1))))
        .contains("its certificate does not match its private key");
  }

  @Test
  void aCertificateStartingWithinTheClockSkewIsSound() {
    Instant now = STARTS.minus(SealingKeySoundness.CLOCK_SKEW);

    assertThat(SealingKeySoundness.problem(KEY, now)).isEmpty();
  }

  @Test
  void aCertificateStartingBeyondTheClockSkewIsRefused() {
    Instant now = STARTS.minus(SealingKeySoundness.CLOCK_SKEW).minusSeconds(1);

    assertThat(SealingKeySoundness.problem(KEY, now))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .startsWith("its certificate starts at " + STARTS)
                    .contains("more than 5 minutes after now"));
  }

  @Test
  void aBareKeyHasNothingToMismatch() {
    SealingKey bare = SealingKey.bare("ns/bare", KEY.privateKey());

    assertThat(SealingKeySoundness.problem(bare, Instant.EPOCH)).isEmpty();
  }

  @Test
  void theRingSealsWithTheNewestKeyThatHasACertificate() {
    SealingKey older = TestKeys.rsa4096();
    SealingKey newer = TestKeys.other4096();
    SealingKey bare = SealingKey.bare("ns/bare", KEY.privateKey());

    SealingKeyRing ring = new SealingKeyRing(java.util.List.of(older, bare, newer));

    assertThat(ring.sealingKey()).contains(newer);
    assertThat(ring.sealingCertificate()).isEqualTo(newer.certificate());
  }
}
