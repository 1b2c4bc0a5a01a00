package dev.bulwark.seal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bitnami Sealed Secrets' value format: u16 RSA ciphertext length ‖ RSA-OAEP(SHA-256, MGF1-SHA-256,
 * label) of a fresh AES-256 key ‖ AES-GCM(zero nonce, no AAD) ciphertext with its tag.
 */
public final class HybridCipher {

  static final int SESSION_KEY_BYTES = 32;
  private static final int GCM_TAG_BITS = 128;
  // A zero nonce is safe because every value gets its own session key.
  private static final byte[] ZERO_NONCE = new byte[12];

  private HybridCipher() {}

  /** Seals {@code plaintext} for whoever holds the private half of {@code key}. */
  public static byte[] encrypt(
      RSAPublicKey key, byte[] plaintext, byte[] label, SecureRandom random) {
    byte[] sessionKey = new byte[SESSION_KEY_BYTES];
    random.nextBytes(sessionKey);
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.ENCRYPT_MODE, key, oaep(label), random);
      byte[] wrappedKey = rsa.doFinal(sessionKey);
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(sessionKey, "AES"),
          new GCMParameterSpec(GCM_TAG_BITS, ZERO_NONCE));
      byte[] body = aes.doFinal(plaintext);
      return ByteBuffer.allocate(2 + wrappedKey.length + body.length)
          .putShort((short) wrappedKey.length)
          .put(wrappedKey)
          .put(body)
          .array();
    } catch (GeneralSecurityException e) {
      // Only a broken JDK (no RSA-OAEP or AES-GCM) gets here; the inputs cannot cause it.
      throw new IllegalStateException("JCA cannot seal: " + e.getMessage(), e);
    } finally {
      Arrays.fill(sessionKey, (byte) 0);
    }
  }

  /**
   * Opens a sealed value with one key, or returns empty. Every failure (short input, other key,
   * other label, tampering) looks the same to the caller, so nothing learns why.
   */
  public static Optional<byte[]> decrypt(RSAPrivateKey key, byte[] sealed, byte[] label) {
    if (sealed.length < 2) {
      return Optional.empty();
    }
    int wrappedLength = ((sealed[0] & 0xff) << 8) | (sealed[1] & 0xff);
    int modulusBytes = (key.getModulus().bitLength() + 7) / 8;
    if (wrappedLength != modulusBytes || sealed.length < 2 + wrappedLength) {
      return Optional.empty();
    }
    byte[] sessionKey = null;
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.DECRYPT_MODE, key, oaep(label));
      sessionKey = rsa.doFinal(sealed, 2, wrappedLength);
      if (!isAesKeyLength(sessionKey.length)) {
        return Optional.empty();
      }
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(sessionKey, "AES"),
          new GCMParameterSpec(GCM_TAG_BITS, ZERO_NONCE));
      int bodyOffset = 2 + wrappedLength;
      return Optional.of(aes.doFinal(sealed, bodyOffset, sealed.length - bodyOffset));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    } finally {
      if (sessionKey != null) {
        Arrays.fill(sessionKey, (byte) 0);
      }
    }
  }

  /** The RSA-OAEP parameters kubeseal uses; the padding name alone would mean MGF1-SHA1. */
  static OAEPParameterSpec oaep(byte[] label) {
    return new OAEPParameterSpec(
        "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, new PSource.PSpecified(label));
  }

  // Go's aes.NewCipher accepts these; kubeseal itself always writes 32 bytes.
  private static boolean isAesKeyLength(int length) {
    return length == 16 || length == 24 || length == 32;
  }
}
