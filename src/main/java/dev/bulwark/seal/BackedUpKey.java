package dev.bulwark.seal;

/**
 * One sealing key as a backup holds it.
 *
 * @param name the name it had: the key Secret's {@code metadata.name}, or the PKCS#12 entry's
 *     friendlyName
 * @param key the key pair (a restored key always has its certificate)
 * @param compromised labelled compromised where it came from (by Bulwark or Bitnami): never
 *     restored
 */
public record BackedUpKey(String name, SealingKey key, boolean compromised) {

  /** A key that may be restored. */
  public static BackedUpKey active(String name, SealingKey key) {
    return new BackedUpKey(name, key, false);
  }
}
