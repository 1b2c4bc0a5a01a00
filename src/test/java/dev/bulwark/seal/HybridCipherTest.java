package dev.bulwark.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

class HybridCipherTest {

  private static final byte[] LABEL = "team/db".getBytes(StandardCharsets.UTF_8);
  private final SecureRandom random = new SecureRandom();

  private static RSAPublicKey publicKey(SealingKey key) {
    return (RSAPublicKey) key.certificate().orElseThrow().getPublicKey();
  }

  @Test
  void sealedValueHasTheKubesealLayout() {
    byte[] plaintext = "hunter2".getBytes(StandardCharsets.UTF_8);

    byte[] sealed = HybridCipher.encrypt(publicKey(TestKeys.rsa4096()), plaintext, LABEL, random);

    int wrappedLength = ((sealed[0] & 0xff) << 8) | (sealed[1] & 0xff);
    assertThat(wrappedLength).isEqualTo(512);
    assertThat(sealed).hasSize(2 + 512 + plaintext.length + 16);
  }

  @Test
  void sessionKeyIsWrappedWithOaepSha256AndMgf1Sha256UnderTheLabel() throws Exception {
    SealingKey key = TestKeys.rsa4096();
    byte[] sealed = HybridCipher.encrypt(publicKey(key), new byte[] {1}, LABEL, random);

    Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
    rsa.init(
        Cipher.DECRYPT_MODE,
        key.privateKey(),
        new javax.crypto.spec.OAEPParameterSpec(
            "SHA-256",
            "MGF1",
            java.security.spec.MGF1ParameterSpec.SHA256,
            new javax.crypto.spec.PSource.PSpecified(LABEL)));
    byte[] sessionKey = rsa.doFinal(Arrays.copyOfRange(sealed, 2, 514));

    assertThat(sessionKey).hasSize(32);
  }

  @Test
  void opensWhatItSealedForEverySize() {
    SealingKey key = TestKeys.rsa4096();
    for (int size : new int[] {0, 1, 17, 4096, 1 << 20}) {
      byte[] plaintext = new byte[size];
      random.nextBytes(plaintext);

      byte[] sealed = HybridCipher.encrypt(publicKey(key), plaintext, LABEL, random);

      assertThat(HybridCipher.decrypt(key.privateKey(), sealed, LABEL)).hasValue(plaintext);
    }
  }

  @Test
  void twoSealsOfTheSameValueDiffer() {
    byte[] plaintext = "same".getBytes(StandardCharsets.UTF_8);
    RSAPublicKey key = publicKey(TestKeys.rsa4096());

    assertThat(HybridCipher.encrypt(key, plaintext, LABEL, random))
        .isNotEqualTo(HybridCipher.encrypt(key, plaintext, LABEL, random));
  }

  @Test
  void anotherLabelDoesNotOpen() {
    SealingKey key = TestKeys.rsa4096();
    byte[] sealed = HybridCipher.encrypt(publicKey(key), new byte[] {42}, LABEL, random);

    assertThat(
            HybridCipher.decrypt(
                key.privateKey(), sealed, "team/other".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(HybridCipher.decrypt(key.privateKey(), sealed, new byte[0])).isEmpty();
  }

  @Test
  void anotherKeyDoesNotOpen() {
    byte[] sealed =
        HybridCipher.encrypt(publicKey(TestKeys.rsa4096()), new byte[] {42}, LABEL, random);

    assertThat(HybridCipher.decrypt(TestKeys.other4096().privateKey(), sealed, LABEL)).isEmpty();
    assertThat(HybridCipher.decrypt(TestKeys.rsa2048().privateKey(), sealed, LABEL)).isEmpty();
  }

  @Test
  void aFlippedBitAnywhereDoesNotOpen() {
    SealingKey key = TestKeys.rsa2048();
    byte[] sealed =
        HybridCipher.encrypt(
            publicKey(key), "value".getBytes(StandardCharsets.UTF_8), LABEL, random);
    for (int position : new int[] {0, 1, 2, 100, 257, sealed.length - 17, sealed.length - 1}) {
      byte[] tampered = sealed.clone();
      tampered[position] ^= 0x01;

      assertThat(HybridCipher.decrypt(key.privateKey(), tampered, LABEL))
          .as("bit flipped at %d", position)
          .isEmpty();
    }
  }

  @Test
  void everyTruncationDoesNotOpen() {
    SealingKey key = TestKeys.rsa2048();
    byte[] sealed =
        HybridCipher.encrypt(
            publicKey(key), "value".getBytes(StandardCharsets.UTF_8), LABEL, random);
    for (int length = 0; length < sealed.length; length++) {
      assertThat(HybridCipher.decrypt(key.privateKey(), Arrays.copyOf(sealed, length), LABEL))
          .as("truncated to %d", length)
          .isEmpty();
    }
  }
}
