package dev.bulwark.seal;

import io.fabric8.kubernetes.api.model.Secret;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a restore does, decided before anything is written: which backed-up keys become new key
 * Secrets and which are left out, and why. A key is identified by its RSA modulus, so a key the
 * namespace already holds (under any name, label or state, compromised included) is never added
 * twice, and existing Secrets are never changed. Pure.
 *
 * @param restore the keys to store, each as a new active key Secret
 * @param skipped the keys left out, with the reason
 */
public record KeyRestorePlan(List<BackedUpKey> restore, List<Skipped> skipped) {

  /** A backed-up key that is not restored, and why (no key material in the reason). */
  public record Skipped(BackedUpKey key, String reason) {}

  /**
   * Plans restoring {@code backup} into a namespace whose key Secrets (Bulwark's or Bitnami's
   * label, any value) are {@code existing}, at {@code now}.
   *
   * @throws KeyFormatException when a backed-up key may not be trusted ({@link
   *     SealingKeySoundness}) or has no certificate: then nothing is restored
   */
  public static KeyRestorePlan of(List<BackedUpKey> backup, List<Secret> existing, Instant now)
      throws KeyFormatException {
    Map<BigInteger, String> present = new HashMap<>();
    for (Secret secret : existing) {
      parsed(secret)
          .ifPresent(
              key ->
                  present.putIfAbsent(
                      key.privateKey().getModulus(),
                      "Secret "
                          + secret.getMetadata().getName()
                          + (SealingKeySecrets.isActive(secret) ? "" : " (not active: left so)")));
    }
    List<BackedUpKey> restore = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    Map<BigInteger, String> planned = new HashMap<>();
    for (BackedUpKey entry : backup) {
      if (entry.compromised()) {
        skipped.add(new Skipped(entry, "labelled compromised in the backup: not restored"));
        continue;
      }
      if (entry.key().certificate().isEmpty()) {
        throw new KeyFormatException(
            "key \"" + entry.name() + "\" has no certificate; a restored key needs it to seal");
      }
      Optional<String> problem = SealingKeySoundness.problem(entry.key(), now);
      if (problem.isPresent()) {
        throw new KeyFormatException("key \"" + entry.name() + "\": " + problem.get());
      }
      BigInteger modulus = entry.key().privateKey().getModulus();
      if (present.containsKey(modulus)) {
        skipped.add(new Skipped(entry, "already in the namespace as " + present.get(modulus)));
      } else if (planned.containsKey(modulus)) {
        skipped.add(
            new Skipped(entry, "the same key as \"" + planned.get(modulus) + "\" in the backup"));
      } else {
        planned.put(modulus, entry.name());
        restore.add(entry);
      }
    }
    return new KeyRestorePlan(List.copyOf(restore), List.copyOf(skipped));
  }

  /** A key Secret's key, or empty when it does not parse (it cannot then match a backed-up key). */
  private static Optional<SealingKey> parsed(Secret secret) {
    try {
      return Optional.of(SealingKeySecrets.fromSecret(secret));
    } catch (KeyFormatException e) {
      return Optional.empty();
    }
  }
}
