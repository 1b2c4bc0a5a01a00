package dev.bulwark.operator.observe;

/** The HTTP endpoints cannot listen where asked (address unknown, port taken or privileged). */
public final class ListenException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ListenException(String message, Throwable cause) {
    super(message, cause);
  }
}
