package dev.bulwark.scan;

/**
 * One YAML document cut from a source, or a whole JSON stream (which kubectl reads as JSON values
 * one after another, never cut at {@code ---}).
 *
 * @param source file path as given, or {@code -}
 * @param index 0-based position among the source's documents
 * @param line 1-based line of the source where the document's content (its first line that is
 *     neither blank nor a comment) starts
 * @param text the document's text
 * @param startLine 1-based line of the source where {@code text} starts; parser positions inside
 *     {@code text} are counted from here
 * @param json whether {@code text} is a JSON stream (the source's first character other than white
 *     space is <code>{</code>)
 */
public record ManifestDocument(
    String source, int index, int line, String text, int startLine, boolean json) {

  /** A YAML document whose text starts at its content line. */
  public ManifestDocument(String source, int index, int line, String text) {
    this(source, index, line, text, line, false);
  }
}
