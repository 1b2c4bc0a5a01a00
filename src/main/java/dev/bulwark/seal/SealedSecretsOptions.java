package dev.bulwark.seal;

import java.time.Duration;

/**
 * How the sealed-secrets part of the operator runs.
 *
 * @param operatorNamespace where the key Secrets and the published certificate live
 * @param keyRenewPeriod a new key is made when the newest is this old; zero disables renewal
 * @param retryFailedAfter how soon a SealedSecret that does not unseal is tried again (a key may
 *     have been imported, a conflicting Secret removed)
 * @param keyBits RSA modulus size of new keys
 * @param safetyNet the longest time between two reconciles of one SealedSecret, should an event
 *     ever be missed
 */
public record SealedSecretsOptions(
    String operatorNamespace,
    Duration keyRenewPeriod,
    Duration retryFailedAfter,
    int keyBits,
    Duration safetyNet) {

  /** Bitnami's default renewal period. */
  public static final Duration DEFAULT_KEY_RENEW_PERIOD = Duration.ofDays(30);

  public static final Duration DEFAULT_RETRY_FAILED_AFTER = Duration.ofMinutes(1);

  /** java-operator-sdk's default maximal reconciliation interval. */
  public static final Duration DEFAULT_SAFETY_NET = Duration.ofHours(10);

  public SealedSecretsOptions {
    if (operatorNamespace == null || operatorNamespace.isBlank()) {
      throw new IllegalArgumentException("the operator namespace is required");
    }
    if (keyRenewPeriod.isNegative()) {
      throw new IllegalArgumentException("--key-renew-period must not be negative");
    }
  }

  /** Defaults for everything but the namespace. */
  public static SealedSecretsOptions defaults(String operatorNamespace) {
    return new SealedSecretsOptions(
        operatorNamespace,
        DEFAULT_KEY_RENEW_PERIOD,
        DEFAULT_RETRY_FAILED_AFTER,
        SealingKeyGenerator.DEFAULT_KEY_BITS,
        DEFAULT_SAFETY_NET);
  }

  public SealedSecretsOptions withKeyRenewPeriod(Duration period) {
    return new SealedSecretsOptions(
        operatorNamespace, period, retryFailedAfter, keyBits, safetyNet);
  }

  public SealedSecretsOptions withRetryFailedAfter(Duration retry) {
    return new SealedSecretsOptions(operatorNamespace, keyRenewPeriod, retry, keyBits, safetyNet);
  }

  public SealedSecretsOptions withKeyBits(int bits) {
    return new SealedSecretsOptions(
        operatorNamespace, keyRenewPeriod, retryFailedAfter, bits, safetyNet);
  }

  public SealedSecretsOptions withSafetyNet(Duration safetyNet) {
    return new SealedSecretsOptions(
        operatorNamespace, keyRenewPeriod, retryFailedAfter, keyBits, safetyNet);
  }

  public boolean renewalEnabled() {
    return !keyRenewPeriod.isZero();
  }
}
