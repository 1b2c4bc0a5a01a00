package dev.bulwark.seal;

/** The Secret given to seal is not sealable; the message names the field, never a value. */
public final class SealInputException extends Exception {

  public SealInputException(String message) {
    super(message);
  }
}
