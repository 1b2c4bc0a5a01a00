package dev.bulwark.report;

/**
 * A document that could not be read; the scan goes on without it.
 *
 * @param source file path as given (or {@code -})
 * @param document 0-based document index in the source, or -1 when the whole source failed
 * @param line 1-based line of the problem, or 0 when unknown
 * @param message what is wrong
 */
public record InputError(String source, int document, int line, String message) {

  /** {@code file:line: message}, the form editors and CI logs link from. */
  public String describe() {
    return source + (line > 0 ? ":" + line : "") + ": " + message;
  }
}
