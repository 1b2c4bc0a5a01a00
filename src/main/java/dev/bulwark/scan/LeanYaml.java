package dev.bulwark.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A fast reader for the plain block-style YAML subset that Kubernetes manifests are written in:
 * block mappings and sequences, one-line flow collections, one-line quoted and plain scalars,
 * literal block scalars and comments. It builds the same Jackson tree as the full YAML parser, or
 * gives up ({@code null}) on anything outside the subset or anything it might read differently —
 * anchors, aliases, tags, folded or multi-line scalars, tabs, numbers other than small decimal
 * integers, YAML 1.1 booleans other than {@code true}/{@code false}, malformed input — and the
 * caller then parses the document with Jackson, which also reports errors with their line.
 *
 * <p>Full YAML parsing (SnakeYAML through Jackson) was about half of a scan's CPU time; this reader
 * is roughly ten times faster on typical manifests.
 */
final class LeanYaml {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Plain scalars that YAML 1.1 may read as booleans or null; only three are accepted. */
  private static final Set<String> SPECIAL_WORDS =
      Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~");

  /** Thrown to abandon the fast path; carries no stack trace. */
  private static final class Unsupported extends RuntimeException {
    private static final Unsupported INSTANCE = new Unsupported();

    private Unsupported() {
      super(null, null, false, false);
    }
  }

  private final String text;
  private final int[] lineStart;
  private final int lineCount;

  /** Cursor: the current significant line and the column where its content starts. */
  private int line;

  private int column;
  private String content;

  private LeanYaml(String text) {
    this.text = text;
    int count = 1;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      count++;
    }
    lineStart = new int[count + 1];
    int n = 0;
    lineStart[n++] = 0;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      lineStart[n++] = i + 1;
    }
    lineStart[n] = text.length() + 1;
    lineCount = count;
  }

  /**
   * The document's tree (a mapping at the top), or {@code null} when it is outside the subset and
   * must be parsed by the full YAML parser.
   */
  static JsonNode read(String text) {
    if (text.indexOf('\t') >= 0 || text.indexOf('\r') >= 0) {
      return null;
    }
    try {
      LeanYaml reader = new LeanYaml(text);
      reader.line = -1;
      if (!reader.advance()) {
        return null;
      }
      if (reader.isSequenceItem() || reader.keyEnd() < 0) {
        return null;
      }
      JsonNode root = reader.mapping(reader.column);
      return reader.line < reader.lineCount ? null : root;
    } catch (Unsupported | IndexOutOfBoundsException e) {
      return null;
    }
  }

  private static Unsupported unsupported() {
    return Unsupported.INSTANCE;
  }

  // ---- lines

  private String rawLine(int index) {
    int end = lineStart[index + 1] - 1;
    return text.substring(lineStart[index], end);
  }

  /**
   * Moves to the next line with content (skipping blank and comment-only lines); false at the end.
   */
  private boolean advance() {
    while (++line < lineCount) {
      int start = lineStart[line];
      int end = lineStart[line + 1] - 1;
      int at = start;
      while (at < end && text.charAt(at) == ' ') {
        at++;
      }
      if (at == end || text.charAt(at) == '#') {
        continue;
      }
      column = at - start;
      content = stripComment(text, at, end);
      return true;
    }
    content = null;
    return false;
  }

  /**
   * {@code s[from, to)} without a trailing comment and trailing spaces; quotes are respected.
   * Called with {@code from} at the first non-space character.
   */
  private static String stripComment(String s, int from, int to) {
    int i = from;
    int n = to;
    while (i < n) {
      char c = s.charAt(i);
      if ((c == '\'' || c == '"') && (i == from || opensScalar(s.charAt(i - 1)))) {
        i = closingQuote(s, i, to) + 1;
        continue;
      }
      if (c == '#' && i > from && s.charAt(i - 1) == ' ') {
        n = i;
        break;
      }
      i++;
    }
    while (n > from && s.charAt(n - 1) == ' ') {
      n--;
    }
    return s.substring(from, n);
  }

  private static boolean opensScalar(char before) {
    return before == ' ' || before == '[' || before == '{' || before == ',';
  }

  /** Index of the quote closing the one at {@code open}; unsupported when it is on a later line. */
  private static int closingQuote(String s, int open) {
    return closingQuote(s, open, s.length());
  }

  private static int closingQuote(String s, int open, int end) {
    char quote = s.charAt(open);
    int i = open + 1;
    while (i < end) {
      char c = s.charAt(i);
      if (quote == '"' && c == '\\') {
        i += 2;
        continue;
      }
      if (c == quote) {
        if (quote == '\'' && i + 1 < end && s.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        return i;
      }
      i++;
    }
    throw unsupported();
  }

  private boolean isSequenceItem() {
    return content.charAt(0) == '-' && (content.length() == 1 || content.charAt(1) == ' ');
  }

  /** Index of the {@code :} ending a mapping key in the current content, or -1. */
  private int keyEnd() {
    char first = content.charAt(0);
    if (first == '{' || first == '[') {
      return -1;
    }
    if (first == '"' || first == '\'') {
      int close = closingQuote(content, 0);
      int colon = close + 1;
      return colon < content.length() && content.charAt(colon) == ':' && separates(colon)
          ? colon
          : -1;
    }
    for (int i = content.indexOf(':'); i >= 0; i = content.indexOf(':', i + 1)) {
      if (separates(i)) {
        return i;
      }
    }
    return -1;
  }

  private boolean separates(int colon) {
    return colon + 1 == content.length() || content.charAt(colon + 1) == ' ';
  }

  // ---- block nodes

  /** The block node starting at the current line, which is at {@code indent}. */
  private JsonNode block(int indent) {
    if (isSequenceItem()) {
      return sequence(indent);
    }
    if (keyEnd() >= 0) {
      return mapping(indent);
    }
    throw unsupported();
  }

  private ObjectNode mapping(int indent) {
    ObjectNode map = NODES.objectNode();
    while (content != null && column == indent) {
      if (isSequenceItem()) {
        return map;
      }
      int colon = keyEnd();
      if (colon < 0) {
        throw unsupported();
      }
      String key = key(content.substring(0, colon));
      String rest = content.substring(colon + 1).stripLeading();
      map.set(key, value(indent, rest, true));
    }
    if (content != null && column > indent) {
      throw unsupported();
    }
    return map;
  }

  private ArrayNode sequence(int indent) {
    ArrayNode list = NODES.arrayNode();
    while (content != null && column == indent && isSequenceItem()) {
      int start = 1;
      while (start < content.length() && content.charAt(start) == ' ') {
        start++;
      }
      if (start == content.length()) {
        list.add(value(indent, "", false));
        continue;
      }
      // "- key: value" or "- - item": the rest of the line is a node at its own column.
      String rest = content.substring(start);
      column += start;
      content = rest;
      if (isSequenceItem() || keyEnd() >= 0) {
        list.add(block(column));
      } else {
        list.add(value(indent, rest, false));
      }
    }
    if (content != null && column > indent) {
      throw unsupported();
    }
    return list;
  }

  /**
   * The value after a key (or a dash) at {@code indent}; {@code rest} is the line's text after the
   * {@code :}. Leaves the cursor on the line after the value.
   */
  private JsonNode value(int indent, String rest, boolean inMapping) {
    if (rest.isEmpty()) {
      advance();
      if (content == null || column < indent) {
        return NullNode.getInstance();
      }
      if (column > indent) {
        return block(column);
      }
      // A sequence may sit at the same indent as the key it belongs to.
      return inMapping && isSequenceItem() ? sequence(indent) : NullNode.getInstance();
    }
    char first = rest.charAt(0);
    if (first == '|') {
      return literal(indent, rest);
    }
    JsonNode node;
    if (first == '{' || first == '[') {
      Flow flow = new Flow(rest);
      node = flow.node();
      if (flow.pos != rest.length()) {
        throw unsupported();
      }
    } else if (first == '"' || first == '\'') {
      int close = closingQuote(rest, 0);
      if (close != rest.length() - 1) {
        throw unsupported();
      }
      node = TextNode.valueOf(unquote(rest));
    } else {
      if (rest.contains(": ")) {
        throw unsupported();
      }
      node = plain(rest);
    }
    advance();
    if (content != null && column > indent) {
      // A multi-line scalar, or an error: leave both to the full parser.
      throw unsupported();
    }
    return node;
  }

  /** A literal block scalar ({@code |} or {@code |-}) whose header is {@code header}. */
  private JsonNode literal(int indent, String header) {
    boolean keepFinalNewline;
    if (header.equals("|")) {
      keepFinalNewline = true;
    } else if (header.equals("|-")) {
      keepFinalNewline = false;
    } else {
      throw unsupported();
    }
    StringBuilder value = new StringBuilder();
    int contentIndent = -1;
    int pendingBlankLines = 0;
    int next = line + 1;
    for (; next < lineCount; next++) {
      String raw = rawLine(next);
      int spaces = 0;
      while (spaces < raw.length() && raw.charAt(spaces) == ' ') {
        spaces++;
      }
      if (spaces == raw.length()) {
        if (contentIndent < 0 || spaces > contentIndent) {
          throw unsupported(); // leading blank lines or blank lines holding spaces
        }
        pendingBlankLines++;
        continue;
      }
      if (contentIndent < 0) {
        if (spaces <= indent) {
          throw unsupported(); // an empty block scalar
        }
        contentIndent = spaces;
      } else if (spaces < contentIndent) {
        if (spaces > indent) {
          throw unsupported();
        }
        break;
      }
      if (value.length() > 0) {
        value.append('\n');
      }
      value.append("\n".repeat(pendingBlankLines));
      pendingBlankLines = 0;
      value.append(raw, contentIndent, raw.length());
    }
    if (contentIndent < 0) {
      throw unsupported();
    }
    if (next >= lineCount && !text.endsWith("\n")) {
      throw unsupported(); // no line break after the last line
    }
    if (keepFinalNewline) {
      value.append('\n');
    }
    line = next - 1;
    advance();
    return TextNode.valueOf(value.toString());
  }

  // ---- scalars

  private static String key(String raw) {
    char first = raw.charAt(0);
    if (first == '"' || first == '\'') {
      return unquote(raw);
    }
    if (startsWithIndicator(raw) || raw.equals("<<") || raw.endsWith(" ") || isSpecialWord(raw)) {
      throw unsupported();
    }
    return raw;
  }

  private static boolean isSpecialWord(String s) {
    return s.length() <= 5
        && "yYnNoOtTfF~".indexOf(s.charAt(0)) >= 0
        && SPECIAL_WORDS.contains(s.toLowerCase(Locale.ROOT));
  }

  /** A complete quoted scalar, quotes included. */
  private static String unquote(String quoted) {
    char quote = quoted.charAt(0);
    String body = quoted.substring(1, quoted.length() - 1);
    if (quote == '\'') {
      return body.replace("''", "'");
    }
    if (body.indexOf('\\') < 0) {
      return body;
    }
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escaped = body.charAt(++i);
      switch (escaped) {
        case '\\', '"', '/' -> out.append(escaped);
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        default -> throw unsupported();
      }
    }
    return out.toString();
  }

  private static boolean startsWithIndicator(String s) {
    return "-?:,[]{}#&*!|>'\"%@`".indexOf(s.charAt(0)) >= 0;
  }

  /** A plain scalar: a string, {@code true}, {@code false}, {@code null} or a small integer. */
  private static JsonNode plain(String s) {
    char first = s.charAt(0);
    if (first >= '0' && first <= '9'
        || first == '+'
        || first == '.'
        || first == '-' && s.length() > 1) {
      if (s.length() <= 9 && (s.equals("0") || first != '0') && allDigits(s)) {
        return IntNode.valueOf(Integer.parseInt(s));
      }
      if (mayBeNumber(s)) {
        throw unsupported(); // floats, octal, hex, sexagesimal, timestamps, big numbers
      }
      return TextNode.valueOf(s); // such as 100m, 128Mi or --port
    }
    if (startsWithIndicator(s) || s.endsWith(":") || s.equals("<<") || s.equals("=")) {
      throw unsupported();
    }
    if (isSpecialWord(s)) {
      return switch (s) {
        case "true" -> BooleanNode.TRUE;
        case "false" -> BooleanNode.FALSE;
        case "null", "~" -> NullNode.getInstance();
        default -> throw unsupported();
      };
    }
    return TextNode.valueOf(s);
  }

  /**
   * Whether the YAML 1.1 resolver Jackson uses reads {@code s} as a number or a timestamp (binary,
   * octal, hex, sexagesimal, exponent, .inf, .nan, dates), which this reader leaves to Jackson.
   */
  private static boolean mayBeNumber(String s) {
    return Resolver.INT.matcher(s).matches()
        || Resolver.FLOAT.matcher(s).matches()
        || Resolver.TIMESTAMP.matcher(s).matches();
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** A flow collection that opens and closes on one line. */
  private static final class Flow {
    private final String s;
    private int pos;

    Flow(String s) {
      this.s = s;
    }

    JsonNode node() {
      skipSpaces();
      char c = s.charAt(pos);
      if (c == '{') {
        return map();
      }
      if (c == '[') {
        return list();
      }
      if (c == '"' || c == '\'') {
        int close = closingQuote(s, pos);
        String quoted = s.substring(pos, close + 1);
        pos = close + 1;
        skipSpaces();
        return TextNode.valueOf(unquote(quoted));
      }
      int start = pos;
      while (pos < s.length() && ",[]{}".indexOf(s.charAt(pos)) < 0) {
        if (s.charAt(pos) == ':' && (pos + 1 == s.length() || s.charAt(pos + 1) == ' ')) {
          throw unsupported(); // an implicit single-pair mapping
        }
        pos++;
      }
      String plain = s.substring(start, pos).strip();
      if (plain.isEmpty()) {
        throw unsupported();
      }
      return plain(plain);
    }

    private ObjectNode map() {
      ObjectNode map = NODES.objectNode();
      pos++;
      skipSpaces();
      if (s.charAt(pos) == '}') {
        pos++;
        skipSpaces();
        return map;
      }
      while (true) {
        String key = key();
        skipSpaces();
        char c = s.charAt(pos);
        if (c == ',' || c == '}') {
          map.set(key, NullNode.getInstance());
        } else {
          map.set(key, node());
        }
        c = s.charAt(pos++);
        if (c == '}') {
          skipSpaces();
          return map;
        }
        if (c != ',') {
          throw unsupported();
        }
        skipSpaces();
      }
    }

    /** A key and its {@code :}, which must be followed by a space, {@code ,} or {@code }}. */
    private String key() {
      char c = s.charAt(pos);
      String key;
      if (c == '"' || c == '\'') {
        int close = closingQuote(s, pos);
        key = unquote(s.substring(pos, close + 1));
        pos = close + 1;
      } else {
        int start = pos;
        while (s.charAt(pos) != ':') {
          if (",[]{}".indexOf(s.charAt(pos)) >= 0) {
            throw unsupported();
          }
          pos++;
        }
        key = LeanYaml.key(s.substring(start, pos).strip());
      }
      if (s.charAt(pos) != ':') {
        throw unsupported();
      }
      pos++;
      char after = s.charAt(pos);
      if (after != ' ' && after != ',' && after != '}') {
        throw unsupported();
      }
      return key;
    }

    private ArrayNode list() {
      ArrayNode list = NODES.arrayNode();
      pos++;
      skipSpaces();
      if (s.charAt(pos) == ']') {
        pos++;
        skipSpaces();
        return list;
      }
      while (true) {
        list.add(node());
        char c = s.charAt(pos++);
        if (c == ']') {
          skipSpaces();
          return list;
        }
        if (c != ',') {
          throw unsupported();
        }
        skipSpaces();
        if (s.charAt(pos) == ']') {
          throw unsupported(); // a trailing comma
        }
      }
    }

    private void skipSpaces() {
      while (pos < s.length() && s.charAt(pos) == ' ') {
        pos++;
      }
    }
  }
}
