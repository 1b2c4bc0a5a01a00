package dev.bulwark.seal;

import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a key read from a Secret may be trusted: its certificate must carry the public
 * half of its private key (else values sealed to the published certificate could never be opened),
 * and its certificate must not start in the future beyond {@link #CLOCK_SKEW} (the newest key
 * seals, so a far-future notBefore would stay the sealing key forever and no renewal would
 * supersede it). Pure; messages name no key material.
 */
public final class SealingKeySoundness {

  /** How far a certificate's notBefore may lie ahead of this clock: clocks of nodes drift. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private SealingKeySoundness() {}

  /**
   * Why {@code key} must not be trusted at {@code now}, or empty when it is sound. A bare key (no
   * certificate, only for opening values) has nothing to mismatch and no notBefore.
   */
  public static Optional<String> problem(SealingKey key, Instant now) {
    if (key.certificate().isEmpty()) {
      return Optional.empty();
    }
    PublicKey published = key.certificate().get().getPublicKey();
    if (!(published instanceof RSAPublicKey rsa)
        || !rsa.getModulus().equals(key.privateKey().getModulus())) {
      return Optional.of("its certificate does not match its private key");
    }
    Instant notBefore = key.notBefore();
    if (notBefore.isAfter(now.plus(CLOCK_SKEW))) {
      return Optional.of(
          "its certificate starts at "
              + notBefore
              + ", more than "
              + CLOCK_SKEW.toMinutes()
              + " minutes after now ("
              + now
              + ")");
    }
    return Optional.empty();
  }
}
