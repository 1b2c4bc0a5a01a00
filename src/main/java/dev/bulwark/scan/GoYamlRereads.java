package dev.bulwark.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one YAML document ({@link GoYamlComposer}, then {@link GoYamlJson}), and reads it again
 * where the two scanners differ, the one place where Bulwark re-reads text:
 *
 * <ul>
 *   <li>a tab between tokens: go-yaml (like libyaml) takes it as a blank, except in indentation
 *       (unless only a comment follows) and right after a {@code -} or {@code ?} indicator or a
 *       complex key's {@code :}; SnakeYAML 2.4 (like PyYAML) refuses it outside flow collections.
 *       Such a tab becomes a space;
 *   <li>a plain scalar in a flow collection that ends at a colon before {@code ,]}}: go-yaml reads
 *       on through such a colon ({@code [a:b:, c]} holds {@code a:b:}), SnakeYAML takes it as a
 *       value indicator. The scalar is quoted (a plain scalar ending in a colon is a string).
 * </ul>
 *
 * A blank or a quote never changes a value, so the meaning is kept. Each round costs a parse up to
 * the point reached, so a document needing more than {@value #MAX_REREADS} rounds is refused.
 */
final class GoYamlRereads {

  /** How many times one document may be read again. */
  static final int MAX_REREADS = 1_000;

  /** Quoted parts of parser messages (a character, a token) may be pieces of a secret. */
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"|`[^`]*`");

  private GoYamlRereads() {}

  /**
   * Thrown by {@link #checkColonEnd}: the scalar from the index {@code start} to the colon at the
   * index {@code end} of the text.
   */
  static final class ColonEnded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int start;
    private final int end;

    ColonEnded(int start, int end) {
      super(null, null, false, false);
      this.start = start;
      this.end = end;
    }
  }

  /**
   * The JSON of the first document of {@code text} (null for an empty or null document).
   *
   * @param startLine the source line where {@code text} starts
   * @param line the line to blame when the parser gives none
   */
  static JsonNode read(String text, int startLine, int line) throws ManifestSyntaxException {
    // go-yaml ends the last line at the end of input (a block scalar keeps it)
    String current = text.endsWith("\n") ? text : text + "\n";
    for (int round = 0; round <= MAX_REREADS; round++) {
      GoYamlComposer composer = GoYamlComposer.of(current);
      try {
        Node root = composer.checkNode() ? composer.getNode() : null;
        return root == null ? null : GoYamlJson.of(root, startLine);
      } catch (ColonEnded e) {
        current = quoted(current, e.start, e.end);
      } catch (MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        int at = mark == null ? -1 : offset(current, mark);
        String repaired = repaired(current, at, composer.inFlow());
        if (repaired == null) {
          String context = e.getContext() == null ? "" : e.getContext() + ": ";
          String problem = e.getProblem() == null ? "not valid YAML" : e.getProblem();
          throw new ManifestSyntaxException(
              mark == null ? line : startLine + mark.getLine(),
              QUOTED.matcher(context + problem).replaceAll("(…)").strip());
        }
        current = repaired;
      } catch (YAMLException | IllegalArgumentException e) { // a tag SnakeYAML cannot hold, too
        throw new ManifestSyntaxException(line, "not valid YAML (or nested too deeply)");
      } catch (StackOverflowError e) {
        throw new ManifestSyntaxException(line, "nested too deeply");
      }
    }
    throw new ManifestSyntaxException(
        line,
        "more than "
            + MAX_REREADS
            + " tabs between tokens (or colon-ended scalars in flow collections); Bulwark stops"
            + " there: use spaces");
  }

  /**
   * Throws {@link ColonEnded} when a flow plain scalar ends at a colon go-yaml reads on through.
   *
   * @param bmpOnly whether {@code text} has no character above U+FFFF
   */
  static void checkColonEnd(String text, boolean bmpOnly, ScalarEvent scalar) {
    Mark end = scalar.getEndMark();
    // A mark's index counts code points; it is the char index when the text has none above BMP.
    int at = bmpOnly ? end.getIndex() : offset(text, end);
    if (at > 0
        && at + 1 < text.length()
        && text.charAt(at) == ':'
        && ",]}".indexOf(text.charAt(at + 1)) >= 0) {
      throw new ColonEnded(offset(text, scalar.getStartMark()), at);
    }
  }

  /** The text repaired at the failure point {@code at}, or null when it is a real error. */
  private static String repaired(String text, int at, boolean inFlow) {
    if (at < 0 || at >= text.length()) {
      return null;
    }
    if (text.charAt(at) == '\t' && (inFlow || separatesTokens(text, at))) {
      int end = at;
      while (end < text.length() && (text.charAt(end) == '\t' || text.charAt(end) == ' ')) {
        end++;
      }
      return text.substring(0, at) + " ".repeat(end - at) + text.substring(end);
    }
    if (text.charAt(at) != ':'
        || at == 0
        || at + 1 >= text.length()
        || ",}]".indexOf(text.charAt(at + 1)) < 0
        || Character.isWhitespace(text.charAt(at - 1))) {
      return null;
    }
    int start = at; // back to the scalar's start: a flow indicator, a line start or ": "
    while (start > 0 && ",[{\n\r".indexOf(text.charAt(start - 1)) < 0) {
      char c = text.charAt(start - 1);
      if ((c == ' ' || c == '\t') && start >= 2 && text.charAt(start - 2) == ':') {
        break;
      }
      start--;
    }
    while (start < at && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
      start++;
    }
    return "\"'#".indexOf(text.charAt(start)) >= 0 ? null : quoted(text, start, at);
  }

  /** The text with {@code text[start..colon]} double-quoted. */
  private static String quoted(String text, int start, int colon) {
    String scalar = text.substring(start, colon + 1).replace("\\", "\\\\").replace("\"", "\\\"");
    return text.substring(0, start) + '"' + scalar + '"' + text.substring(colon + 1);
  }

  /**
   * Whether the tab at {@code at}, in block context, is a blank between tokens for go-yaml: not in
   * indentation (a tab with only blanks before it on its line, unless only a comment follows) and
   * not right after a {@code -} or {@code ?} indicator or a complex key's {@code :}.
   */
  private static boolean separatesTokens(String text, int at) {
    int lineStart = text.lastIndexOf('\n', at) + 1;
    int before = at - 1;
    while (before >= lineStart && (text.charAt(before) == ' ' || text.charAt(before) == '\t')) {
      before--;
    }
    if (before < lineStart) {
      int after = at;
      while (after < text.length() && (text.charAt(after) == '\t' || text.charAt(after) == ' ')) {
        after++;
      }
      return at != lineStart
          && (after >= text.length() || "#\n\r".indexOf(text.charAt(after)) >= 0);
    }
    char indicator = text.charAt(before);
    boolean alone = before == lineStart || Character.isWhitespace(text.charAt(before - 1));
    if ((indicator == '-' || indicator == '?') && alone) {
      return false;
    }
    return indicator != ':' || !text.substring(lineStart, before).isBlank();
  }

  /** The index in {@code text} of the character at {@code mark}, or -1. */
  static int offset(String text, Mark mark) {
    int lineStart = 0;
    for (int line = 0; line < mark.getLine(); line++) {
      lineStart = text.indexOf('\n', lineStart) + 1;
      if (lineStart == 0) {
        return -1;
      }
    }
    try {
      return text.offsetByCodePoints(lineStart, mark.getColumn());
    } catch (IndexOutOfBoundsException e) {
      return -1;
    }
  }
}
