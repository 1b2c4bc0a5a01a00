package dev.bulwark.api;

/** Condition type and reasons a SealedSecret's status reports; kstatus and kubectl read these. */
public final class SealedSecretConditions {

  /** Whether the Secret matches what the SealedSecret's current generation unseals to. */
  public static final String SYNCED = "Synced";

  /** The Secret was written or already matched. */
  public static final String REASON_UNSEALED = "Unsealed";

  /** The Secret had been edited or deleted and was written back. */
  public static final String REASON_SECRET_RESTORED = "SecretRestored";

  /** No active sealing key opens a value (tampered, truncated, other key or other scope). */
  public static final String REASON_DECRYPTION_FAILED = "DecryptionFailed";

  /** A value of spec.encryptedData is not standard base64. */
  public static final String REASON_INVALID_ENCODING = "InvalidEncoding";

  /** The spec asks for something Bulwark does not do (e.g. Bitnami's templated data). */
  public static final String REASON_UNSUPPORTED_SPEC = "UnsupportedSpec";

  /** The operator has no active sealing key yet. */
  public static final String REASON_NO_SEALING_KEY = "NoSealingKey";

  /** A Secret of that name exists and is not ours; it is left untouched. */
  public static final String REASON_SECRET_NOT_OWNED = "SecretNotOwned";

  /** The API server refused to write the Secret. */
  public static final String REASON_WRITE_FAILED = "SecretWriteFailed";

  private SealedSecretConditions() {}
}
