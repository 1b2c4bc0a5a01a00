package dev.bulwark.status;

/** The status could not be read: the message says why in one line, for the user. */
public final class StatusException extends Exception {

  public StatusException(String message) {
    super(message);
  }
}
