package dev.bulwark.scan;

/**
 * One YAML (or JSON) document cut from a source.
 *
 * @param source file path as given, or {@code -}
 * @param index 0-based position among the source's documents
 * @param line 1-based line of the source where the document's text starts
 * @param text the document's text
 */
public record ManifestDocument(String source, int index, int line, String text) {}
