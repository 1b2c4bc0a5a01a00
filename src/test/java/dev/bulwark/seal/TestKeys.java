package dev.bulwark.seal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Key pairs shared by the unit tests of a run: RSA key generation is slow. */
public final class TestKeys {

  private static SealingKey rsa4096;
  private static SealingKey other4096;
  private static SealingKey rsa2048;
  private static SealingKey other2048;

  private TestKeys() {}

  /** A production-sized key, certificate starting at 2026-01-01. */
  public static synchronized SealingKey rsa4096() {
    if (rsa4096 == null) {
      rsa4096 = generate("test-4096", 4096, "2026-01-01T00:00:00Z");
    }
    return rsa4096;
  }

  /** A second production-sized key, newer than {@link #rsa4096()}. */
  public static synchronized SealingKey other4096() {
    if (other4096 == null) {
      other4096 = generate("other-4096", 4096, "2026-02-01T00:00:00Z");
    }
    return other4096;
  }

  /** A smaller key for tests that run many decryptions. */
  public static synchronized SealingKey rsa2048() {
    if (rsa2048 == null) {
      rsa2048 = generate("test-2048", 2048, "2025-06-01T00:00:00Z");
    }
    return rsa2048;
  }

  /** A second small key, newer than {@link #rsa2048()}. */
  public static synchronized SealingKey other2048() {
    if (other2048 == null) {
      other2048 = generate("other-2048", 2048, "2025-09-01T00:00:00Z");
    }
    return other2048;
  }

  public static SealingKey generate(String id, int bits, String notBefore) {
    Clock clock = Clock.fixed(Instant.parse(notBefore), ZoneOffset.UTC);
    return new SealingKeyGenerator(bits, clock, new SecureRandom()).generate(id);
  }
}
