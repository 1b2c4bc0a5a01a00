package dev.bulwark.scan;

/**
 * A document that Kubernetes would not read. The message names the problem and never quotes the
 * document's text, so it is safe to print for a Secret.
 */
public final class ManifestSyntaxException extends Exception {

  private final int line;

  /**
   * @param line 1-based line in the source, 0 when unknown
   */
  public ManifestSyntaxException(int line, String message) {
    super(message, null, false, false);
    this.line = line;
  }

  /** 1-based line in the source, 0 when unknown. */
  public int line() {
    return line;
  }
}
