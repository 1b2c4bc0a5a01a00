package dev.bulwark.scan;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a multi-document YAML stream at its {@code ---} markers, remembering where each document
 * starts, so that one malformed document can be reported by line and skipped while the rest are
 * still read. A marker is {@code ---} at the start of a line followed by nothing or whitespace (or
 * content, as in {@code --- !tag}); inside block scalars it is always indented, so cutting there is
 * safe.
 */
public final class ManifestSplitter {

  private ManifestSplitter() {}

  public static List<ManifestDocument> split(String source, String text) {
    List<ManifestDocument> documents = new ArrayList<>();
    int length = text.length();
    int lineNumber = 1;
    int docStart = 0;
    int docLine = 1;
    int pos = 0;
    while (pos <= length) {
      int end = text.indexOf('\n', pos);
      if (end < 0) {
        end = length;
      }
      if (isMarker(text, pos, end)) {
        add(documents, source, text.substring(docStart, pos), docLine);
        // The marker line may carry content after "--- "; keep it in the next document.
        int contentStart = pos + 3;
        docStart = contentStart;
        docLine = lineNumber;
      } else if (isEndMarker(text, pos, end)) {
        add(documents, source, text.substring(docStart, pos), docLine);
        docStart = Math.min(end + 1, length);
        docLine = lineNumber + 1;
      }
      if (end >= length) {
        break;
      }
      pos = end + 1;
      lineNumber++;
    }
    if (docStart < length) {
      add(documents, source, text.substring(docStart), docLine);
    }
    return documents;
  }

  private static void add(List<ManifestDocument> out, String source, String text, int line) {
    if (!isBlank(text)) {
      out.add(new ManifestDocument(source, out.size(), firstContentLine(text, line), text));
    }
  }

  /** The line of the first non-blank, non-comment line, where the object itself begins. */
  private static int firstContentLine(String text, int line) {
    int current = line;
    int pos = 0;
    while (pos < text.length()) {
      int end = text.indexOf('\n', pos);
      if (end < 0) {
        end = text.length();
      }
      String content = text.substring(pos, end).strip();
      if (!content.isEmpty() && !content.startsWith("#")) {
        return current;
      }
      pos = end + 1;
      current++;
    }
    return line;
  }

  private static boolean isMarker(String text, int start, int end) {
    return end - start >= 3
        && text.startsWith("---", start)
        && (end - start == 3 || Character.isWhitespace(text.charAt(start + 3)));
  }

  private static boolean isEndMarker(String text, int start, int end) {
    return end - start >= 3
        && text.startsWith("...", start)
        && text.substring(start + 3, end).isBlank();
  }

  /** Blank when it holds only whitespace and comments (Helm emits such documents). */
  private static boolean isBlank(String text) {
    int pos = 0;
    while (pos < text.length()) {
      int end = text.indexOf('\n', pos);
      if (end < 0) {
        end = text.length();
      }
      String line = text.substring(pos, end).strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        return false;
      }
      pos = end + 1;
    }
    return true;
  }
}
