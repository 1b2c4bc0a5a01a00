package dev.bulwark.scan;

import dev.bulwark.report.InputError;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a manifest stream into documents by the rules of kubectl's reader
 * (k8s.io/apimachinery/pkg/util/yaml: {@code YAMLOrJSONDecoder} and {@code YAMLReader}), so that
 * one malformed document can be reported by line and skipped while the rest are still read:
 *
 * <ul>
 *   <li>a stream whose first character other than white space is <code>{</code> is JSON: one
 *       document holding every JSON value of the stream ({@link KubernetesYaml} reads it);
 *   <li>otherwise a line that starts with {@code ---} ends a document; the rest of that line must
 *       be blank or a comment (kubectl rejects {@code --- !tag} and {@code ----} as "invalid Yaml
 *       document separator"). The marker line is dropped when it ends a document and kept when it
 *       starts one (at the top of the stream, or after another marker), as kubectl does, so the
 *       YAML parser sees an explicit document start there;
 *   <li>documents that are blank or only comments are dropped (kubectl skips their null value).
 * </ul>
 *
 * {@code ...} end markers are left to the YAML parser, as kubectl leaves them to go-yaml.
 */
public final class ManifestSplitter {

  private ManifestSplitter() {}

  /** The documents of one source and the separator lines kubectl would refuse. */
  public record Split(List<ManifestDocument> documents, List<InputError> errors) {}

  /** The documents of {@code text}, the whole content of {@code source}. */
  public static Split split(String source, String text) {
    if (isJsonStream(text)) {
      List<ManifestDocument> documents = new ArrayList<>();
      int content = contentLine(text);
      documents.add(new ManifestDocument(source, 0, 1 + Math.max(content, 0), text, 1, true));
      return new Split(documents, List.of());
    }
    return splitYaml(source, text, 1);
  }

  /**
   * The YAML documents of {@code text}, which starts at line {@code firstLine} of {@code source}.
   */
  static Split splitYaml(String source, String text, int firstLine) {
    List<ManifestDocument> documents = new ArrayList<>();
    List<InputError> errors = new ArrayList<>();
    int length = text.length();
    int lineNumber = firstLine;
    int docStart = 0;
    int docLine = firstLine;
    int pos = 0;
    while (pos < length) {
      int end = text.indexOf('\n', pos);
      int lineEnd = end < 0 ? length : end;
      int next = end < 0 ? length : end + 1;
      if (text.startsWith("---", pos)) {
        String rest = text.substring(pos + 3, lineEnd).strip();
        if (!rest.isEmpty() && rest.charAt(0) != '#') {
          errors.add(
              new InputError(
                  source,
                  documents.size(),
                  lineNumber,
                  "invalid YAML document separator (only a comment may follow ---)"));
        }
        if (pos > docStart) {
          add(documents, source, text.substring(docStart, pos), docLine);
          docStart = next;
          docLine = lineNumber + 1;
        }
      }
      pos = next;
      lineNumber++;
    }
    if (docStart < length) {
      add(documents, source, text.substring(docStart), docLine);
    }
    return new Split(documents, errors);
  }

  /**
   * kubectl's {@code hasJSONPrefix}: the first character other than white space is <code>{</code>.
   */
  static boolean isJsonStream(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{';
      }
    }
    return false;
  }

  private static void add(List<ManifestDocument> out, String source, String text, int line) {
    int content = contentLine(text);
    if (content >= 0) { // a document of blanks and comments is null, which kubectl skips
      out.add(new ManifestDocument(source, out.size(), line + content, text, line, false));
    }
  }

  /**
   * How many lines into {@code text} the object begins: its first line that is not blank, a comment
   * or a leading {@code ---} marker; -1 when there is none (Helm emits such documents).
   */
  private static int contentLine(String text) {
    int pos = 0;
    for (int line = 0; pos < text.length(); line++) {
      int end = text.indexOf('\n', pos);
      end = end < 0 ? text.length() : end;
      String content = text.substring(pos, end).strip();
      if (!content.isEmpty()
          && !content.startsWith("#")
          && !(line == 0 && text.startsWith("---"))) {
        return line;
      }
      pos = end + 1;
    }
    return -1;
  }
}
