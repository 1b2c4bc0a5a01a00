package dev.bulwark.seal;

/** A key or certificate input is not in a form Bulwark reads; the message names the source. */
public final class KeyFormatException extends Exception {

  public KeyFormatException(String message) {
    super(message);
  }
}
