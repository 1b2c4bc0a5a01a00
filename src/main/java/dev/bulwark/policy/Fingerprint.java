package dev.bulwark.policy;

/**
 * 128 bits of a SHA-256 digest: two objects with equal fingerprints are taken to be equal (a chance
 * collision needs about 2^64 distinct contents).
 *
 * @param high the digest's first 8 bytes
 * @param low its next 8 bytes
 */
public record Fingerprint(long high, long low) {

  /** 32 hexadecimal digits, for logs and tests. */
  @Override
  public String toString() {
    return String.format("%016x%016x", high, low);
  }
}
