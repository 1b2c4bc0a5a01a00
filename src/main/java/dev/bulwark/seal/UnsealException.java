package dev.bulwark.seal;

/**
 * A sealed value could not be opened. The message names the item and the scope, never a value, and
 * is the same for every cryptographic cause so that it is no decryption oracle.
 */
public final class UnsealException extends Exception {

  private final String reason;

  UnsealException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** CamelCase cause, for a status condition's reason. */
  public String reason() {
    return reason;
  }
}
