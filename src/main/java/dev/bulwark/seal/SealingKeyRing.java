package dev.bulwark.seal;

import dev.bulwark.api.SealedSecretConditions;
import dev.bulwark.scan.GoBase64;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The active keys, newest first: the newest seals, every one of them may open a value. */
public final class SealingKeyRing {

  private static final Comparator<SealingKey> NEWEST_FIRST =
      Comparator.comparing(SealingKey::notBefore).reversed().thenComparing(SealingKey::id);

  private final List<SealingKey> keys;

  public SealingKeyRing(List<SealingKey> keys) {
    this.keys = keys.stream().sorted(NEWEST_FIRST).toList();
  }

  public List<SealingKey> keys() {
    return keys;
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** The certificate that seals new values: the one that starts last. */
  public Optional<X509Certificate> sealingCertificate() {
    return sealingKey().flatMap(SealingKey::certificate);
  }

  /** The key whose certificate seals new values: the one with a certificate that starts last. */
  public Optional<SealingKey> sealingKey() {
    return keys.stream().filter(k -> k.certificate().isPresent()).findFirst();
  }

  /**
   * Opens one base64 value of {@code encryptedData}, trying every key.
   *
   * @param item the data key, named in the error
   * @param scopeDescription the scope and label, named in the error (never secret)
   */
  public byte[] open(String item, String base64, byte[] label, String scopeDescription)
      throws UnsealException {
    return openNamingKey(item, base64, label, scopeDescription).plaintext();
  }

  /** As {@link #open}, also naming the key that opened the value. */
  public Opened openNamingKey(String item, String base64, byte[] label, String scopeDescription)
      throws UnsealException {
    byte[] sealed;
    try {
      sealed = GoBase64.decode(base64);
    } catch (IllegalArgumentException e) {
      throw new UnsealException(
          SealedSecretConditions.REASON_INVALID_ENCODING,
          "item \"" + item + "\" is not standard base64 (" + e.getMessage() + ")");
    }
    for (SealingKey key : keys) {
      Optional<byte[]> plaintext = HybridCipher.decrypt(key.privateKey(), sealed, label);
      if (plaintext.isPresent()) {
        return new Opened(key, plaintext.get());
      }
    }
    throw new UnsealException(
        SealedSecretConditions.REASON_DECRYPTION_FAILED,
        "no active sealing key opens item \""
            + item
            + "\" for "
            + scopeDescription
            + " (tampered or truncated, sealed with another key, or sealed for another"
            + " name, namespace or scope)");
  }

  /** A value opened, and the key that opened it. */
  public record Opened(SealingKey key, byte[] plaintext) {}
}
