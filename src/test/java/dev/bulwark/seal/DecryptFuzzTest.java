package dev.bulwark.seal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.SealedSecretConditions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated ciphertexts fed to the unseal path: the only failure is our UnsealException,
 * with one message for every cryptographic cause (no oracle), and never the plaintext. Inputs come
 * from a seeded generator; a failure prints the seed and input, and {@code -Dbulwark.fuzz.seed=N}
 * replays it.
 */
class DecryptFuzzTest {

  private static final int CASES = 400;
  private static final byte[] LABEL = "fuzz/target".getBytes(StandardCharsets.UTF_8);
  private static final String SCOPE = "strict scope \"fuzz/target\"";
  private static final String PLAINTEXT = "fuzz-plaintext-marker";
  private static final SealingKey KEY = TestKeys.rsa2048();
  private static final SealingKeyRing RING = new SealingKeyRing(List.of(KEY));
  private static final byte[] VALID =
      HybridCipher.encrypt(
          (RSAPublicKey) KEY.certificate().orElseThrow().getPublicKey(),
          PLAINTEXT.getBytes(StandardCharsets.UTF_8),
          LABEL,
          new SecureRandom());

  private final long seed = Long.getLong("bulwark.fuzz.seed", System.nanoTime());

  @Test
  void theUnmodifiedCiphertextOpens() throws UnsealException {
    String opened =
        new String(
            RING.open("value", Base64.getEncoder().encodeToString(VALID), LABEL, SCOPE),
            StandardCharsets.UTF_8);
    assertThat(opened).isEqualTo(PLAINTEXT);
  }

  @Test
  void randomBytesFailCleanly() {
    fuzz(random -> randomBytes(random, random.nextInt(0, 700)));
  }

  @Test
  void randomBytesWithAPlausibleLengthPrefixFailCleanly() {
    fuzz(
        random -> {
          byte[] bytes = randomBytes(random, 2 + 256 + random.nextInt(0, 64));
          bytes[0] = 0x01;
          bytes[1] = 0x00;
          return bytes;
        });
  }

  @Test
  void flippedBitsFailCleanly() {
    fuzz(
        random -> {
          byte[] copy = VALID.clone();
          int flips = random.nextInt(1, 4);
          for (int i = 0; i < flips; i++) {
            copy[random.nextInt(copy.length)] ^= (byte) random.nextInt(1, 256);
          }
          return copy;
        });
  }

  @Test
  void truncationsAndExtensionsFailCleanly() {
    fuzz(
        random ->
            random.nextBoolean()
                ? Arrays.copyOf(VALID, random.nextInt(0, VALID.length))
                : concat(VALID, randomBytes(random, random.nextInt(1, 64))));
  }

  @Test
  void rewrittenLengthPrefixFailsCleanly() {
    fuzz(
        random -> {
          byte[] copy = VALID.clone();
          int length = random.nextInt(0, 0x10000);
          copy[0] = (byte) (length >>> 8);
          copy[1] = (byte) length;
          return copy;
        });
  }

  @Test
  void randomTextFailsAsDecryptionOrEncoding() {
    String alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n\u00fc";
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < CASES; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(0, 800);
      for (int c = 0; c < length; c++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      Throwable failure = failure(text.toString());
      assertThat(failure)
          .as("seed %d, case %d, input %s", seed, i, text)
          .isInstanceOf(UnsealException.class);
      assertThat(((UnsealException) failure).reason())
          .isIn(
              SealedSecretConditions.REASON_DECRYPTION_FAILED,
              SealedSecretConditions.REASON_INVALID_ENCODING);
    }
  }

  private void fuzz(Function<SplittableRandom, byte[]> generator) {
    SplittableRandom random = new SplittableRandom(seed);
    String expected = expectedMessage();
    for (int i = 0; i < CASES; i++) {
      byte[] sealed = generator.apply(random);
      if (Arrays.equals(sealed, VALID)) {
        continue;
      }
      Throwable failure = failure(Base64.getEncoder().encodeToString(sealed));
      String input = HexFormat.of().formatHex(sealed);
      assertThat(failure)
          .as("seed %d, case %d, input %s", seed, i, input)
          .isInstanceOf(UnsealException.class)
          .hasMessage(expected);
      assertThat(((UnsealException) failure).reason())
          .isEqualTo(SealedSecretConditions.REASON_DECRYPTION_FAILED);
    }
  }

  /** What the unseal path threw; an input that opens is itself a failure of the test. */
  private static Throwable failure(String base64) {
    try {
      byte[] opened = RING.open("value", base64, LABEL, SCOPE);
      throw new AssertionError("a fuzzed ciphertext opened to " + opened.length + " bytes");
    } catch (UnsealException e) {
      assertThat(e.getMessage()).doesNotContain(PLAINTEXT);
      return e;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static String expectedMessage() {
    Throwable empty = failure("");
    assertThat(empty).isInstanceOf(UnsealException.class);
    return empty.getMessage();
  }

  private static byte[] randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] concat(byte[] head, byte[] tail) {
    byte[] joined = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, joined, head.length, tail.length);
    return joined;
  }
}
