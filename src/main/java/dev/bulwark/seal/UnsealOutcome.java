package dev.bulwark.seal;

import dev.bulwark.api.SealedSecretConditions;
import java.util.Optional;

/**
 * What one reconcile found or did, for the Synced condition and an Event. Messages name items, keys
 * and objects, never a value.
 *
 * @param synced whether the Secret now matches the SealedSecret
 * @param wrote whether the Secret was written; an outcome that wrote nothing and is synced keeps
 *     the existing condition
 * @param event the Event to record, when this outcome is news
 */
public record UnsealOutcome(
    boolean synced, boolean wrote, String reason, String message, Optional<Event> event) {

  /** An Event's reason, message and whether it warns. */
  public record Event(String reason, String message, boolean warning) {}

  /** Event reason: the Secret was written from the SealedSecret. */
  public static final String EVENT_UNSEALED = "Unsealed";

  /** Event reason: the SealedSecret could not be turned into its Secret. */
  public static final String EVENT_UNSEAL_FAILED = "UnsealFailed";

  /** Event reason: an edited or deleted Secret was written back. */
  public static final String EVENT_SECRET_RESTORED = "SecretRestored";

  static UnsealOutcome upToDate() {
    return new UnsealOutcome(
        true,
        false,
        SealedSecretConditions.REASON_UNSEALED,
        "Secret is up to date",
        Optional.empty());
  }

  static UnsealOutcome unsealed(int items) {
    String message = "Secret written from " + items + " sealed item" + (items == 1 ? "" : "s");
    return new UnsealOutcome(
        true,
        true,
        SealedSecretConditions.REASON_UNSEALED,
        message,
        Optional.of(new Event(EVENT_UNSEALED, message, false)));
  }

  static UnsealOutcome restored(String what) {
    String message = "Secret was " + what + " outside Bulwark and has been restored";
    return new UnsealOutcome(
        true,
        true,
        SealedSecretConditions.REASON_SECRET_RESTORED,
        message,
        Optional.of(new Event(EVENT_SECRET_RESTORED, message, true)));
  }

  static UnsealOutcome failed(String reason, String message) {
    return new UnsealOutcome(
        false, false, reason, message, Optional.of(new Event(EVENT_UNSEAL_FAILED, message, true)));
  }
}
