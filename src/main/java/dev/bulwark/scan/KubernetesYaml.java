package dev.bulwark.scan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads manifests as kubectl, the API server and kubeseal do (sigs.k8s.io/yaml over go-yaml v2,
 * through k8s.io/apimachinery's {@code YAMLOrJSONDecoder}): SnakeYAML's YAML 1.1 parser, which
 * shares libyaml's design as go-yaml does, gives the events, and {@link GoYamlTree} decodes them by
 * go-yaml's rules. Documents of any size are read (no code-point limit), aliases are expanded
 * within go-yaml's bound, and errors carry the source line and never the document's text.
 * Thread-safe: every call uses its own parser.
 */
public final class KubernetesYaml {

  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxStringLength(Integer.MAX_VALUE)
                      .maxNumberLength(Integer.MAX_VALUE)
                      .maxNestingDepth(10_000)
                      .maxDocumentLength(-1)
                      .maxNameLength(Integer.MAX_VALUE)
                      .build())
              .build());

  /** Quoted parts of parser messages (a character, a token) may be pieces of a secret. */
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"|`[^`]*`");

  /** How many times one document may be read again with a tab or a flow scalar fixed. */
  static final int MAX_REREADS = 1_000;

  private KubernetesYaml() {}

  /** One value read from a source, with where it starts. */
  public record Document(String source, int line, JsonNode tree) {}

  /**
   * One value of a document and the 1-based line of the source where it starts (for a YAML
   * document, the document's line; for a value of a JSON stream, the line of its first token).
   */
  public record Value(int line, JsonNode tree) {}

  /**
   * The values of one document: none for an empty or null YAML document, one for other YAML
   * documents (only the first of a document's {@code ...}-separated parts counts, as in go-yaml),
   * and every non-null value of a JSON stream.
   */
  public static List<Value> parse(ManifestDocument document) throws ManifestSyntaxException {
    if (document.json()) {
      return parseJson(document);
    }
    return parseYaml(document).stream().map(tree -> new Value(document.line(), tree)).toList();
  }

  /**
   * Every document of a whole source, in order; the first problem ends the reading, naming the
   * source and line.
   *
   * @param source the name used in errors
   */
  public static List<Document> readAll(String source, String text) throws ManifestSyntaxException {
    ManifestSplitter.Split split = ManifestSplitter.split(source, text);
    if (!split.errors().isEmpty()) {
      var error = split.errors().get(0);
      throw new ManifestSyntaxException(error.line(), error.message());
    }
    List<Document> documents = new ArrayList<>();
    for (ManifestDocument document : split.documents()) {
      for (Value value : parse(document)) {
        documents.add(new Document(source, value.line(), value.tree()));
      }
    }
    return documents;
  }

  private static List<JsonNode> parseYaml(ManifestDocument document)
      throws ManifestSyntaxException {
    String text = document.text();
    if (!text.endsWith("\n")) {
      text += "\n"; // go-yaml ends the last line at the end of input (a block scalar keeps it)
    }
    // Each round replaces one run of tabs that go-yaml reads as separating blanks and SnakeYAML
    // refuses, or quotes one colon-ended flow scalar, and reads the document again. Each round
    // costs a parse up to the point reached, so the rounds are bounded.
    for (int round = 0; ; round++) {
      if (round > MAX_REREADS) {
        throw new ManifestSyntaxException(
            document.line(),
            "more than "
                + MAX_REREADS
                + " tabs between tokens (or colon-ended scalars in flow collections); Bulwark"
                + " stops there: use spaces");
      }
      try {
        return parseYaml(text, document.startLine());
      } catch (GoYamlTree.ParseFailure failure) {
        MarkedYAMLException e = failure.marked();
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        int tab = mark == null ? -1 : separatingTab(text, mark, failure.inFlow());
        if (tab >= 0) {
          int end = tab;
          while (end < text.length() && (text.charAt(end) == '\t' || text.charAt(end) == ' ')) {
            end++;
          }
          text = text.substring(0, tab) + " ".repeat(end - tab) + text.substring(end);
          continue;
        }
        String quoted = mark == null ? null : colonEndingQuoted(text, mark);
        if (quoted != null) {
          text = quoted;
          continue;
        }
        int line = mark == null ? document.line() : document.startLine() + mark.getLine();
        String problem = e.getProblem() == null ? "not valid YAML" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext() + ": ";
        throw new ManifestSyntaxException(line, withoutQuotes(context + problem));
      } catch (GoYamlTree.ColonEnded e) {
        int start = offset(text, e.start());
        int colon = offset(text, e.end());
        String scalar = text.substring(start, colon + 1);
        String escaped = scalar.replace("\\", "\\\\").replace("\"", "\\\"");
        text = text.substring(0, start) + '"' + escaped + '"' + text.substring(colon + 1);
      } catch (YAMLException e) {
        throw new ManifestSyntaxException(document.line(), "not valid YAML");
      } catch (StackOverflowError e) {
        throw new ManifestSyntaxException(document.line(), "nested too deeply");
      }
    }
  }

  private static List<JsonNode> parseYaml(String text, int startLine)
      throws ManifestSyntaxException {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    options.setMaxAliasesForCollections(Integer.MAX_VALUE);
    options.setNestingDepthLimit(10_000);
    JsonNode tree =
        GoYamlTree.firstDocument(new ParserImpl(new StreamReader(text), options), startLine, text);
    return tree == null ? List.of() : List.of(tree);
  }

  /**
   * The text with the flow-context plain scalar that ends at the colon at {@code mark} quoted, or
   * null. go-yaml ends a plain scalar at a colon only when a blank follows it, so in {@code {url:
   * http://host:}} the value is {@code http://host:}; SnakeYAML also ends it before {@code ,]}}. A
   * plain scalar that ends with a colon is always a string, so quoting it keeps the meaning.
   */
  private static String colonEndingQuoted(String text, Mark mark) {
    int at = offset(text, mark);
    if (at <= 0 || at + 1 >= text.length() || text.charAt(at) != ':') {
      return null;
    }
    char next = text.charAt(at + 1);
    char previous = text.charAt(at - 1);
    if ((next != ',' && next != '}' && next != ']') || Character.isWhitespace(previous)) {
      return null;
    }
    int start = at;
    while (start > 0) {
      char c = text.charAt(start - 1);
      if (c == ',' || c == '[' || c == '{' || c == '\n' || c == '\r') {
        break;
      }
      if ((c == ' ' || c == '\t') && start >= 2 && text.charAt(start - 2) == ':') {
        break;
      }
      start--;
    }
    while (start < at && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
      start++;
    }
    char first = text.charAt(start);
    if (first == '"' || first == '\'' || first == '#') {
      return null;
    }
    String scalar = text.substring(start, at + 1);
    String escaped = scalar.replace("\\", "\\\\").replace("\"", "\\\"");
    return text.substring(0, start) + '"' + escaped + '"' + text.substring(at + 1);
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

  /**
   * The index of the tab at {@code mark} when go-yaml would take it as a blank between tokens, else
   * -1. SnakeYAML (like PyYAML) separates tokens with spaces only; go-yaml (like libyaml) also
   * takes tabs there, except in indentation (a tab with only blanks before it on its line, unless
   * only a comment follows) and right after a {@code -} or {@code ?} indicator. A blank is never
   * content, so reading the tab as a space keeps the meaning.
   */
  private static int separatingTab(String text, Mark mark, boolean inFlow) {
    int at = offset(text, mark);
    if (at < 0 || at >= text.length() || text.charAt(at) != '\t') {
      return -1;
    }
    if (inFlow) {
      return at; // go-yaml takes every tab between tokens in a flow collection as a blank
    }
    int lineStart = text.lastIndexOf('\n', at) + 1;
    int before = at - 1;
    while (before >= lineStart && (text.charAt(before) == ' ' || text.charAt(before) == '\t')) {
      before--;
    }
    if (before < lineStart) {
      if (at == lineStart) {
        return -1;
      }
      int after = at;
      while (after < text.length() && (text.charAt(after) == ' ' || text.charAt(after) == '\t')) {
        after++;
      }
      boolean restIsComment =
          after >= text.length()
              || text.charAt(after) == '#'
              || text.charAt(after) == '\n'
              || text.charAt(after) == '\r';
      return restIsComment ? at : -1;
    }
    char indicator = text.charAt(before);
    boolean indicatorStandsAlone =
        before == lineStart || Character.isWhitespace(text.charAt(before - 1));
    if ((indicator == '-' || indicator == '?') && indicatorStandsAlone) {
      return -1;
    }
    if (indicator == ':' && text.substring(lineStart, before).isBlank()) {
      return -1; // the value of a complex (?) key
    }
    return at;
  }

  /**
   * A stream that starts with <code>{</code>, read as {@code YAMLOrJSONDecoder} reads it: JSON
   * values one after another; when one is not valid JSON and at most one value has been read, the
   * rest of the stream (after white space up to the first line break) is read as YAML instead, and
   * refused, with the JSON error, when it is not valid YAML either.
   */
  private static List<Value> parseJson(ManifestDocument document) throws ManifestSyntaxException {
    List<Value> values = new ArrayList<>();
    String text = document.text();
    long consumed = 0;
    int count = 0;
    try (JsonParser parser = JSON.getFactory().createParser(text)) {
      while (true) {
        JsonNode value;
        int valueLine;
        try {
          if (parser.nextToken() == null) {
            return values;
          }
          valueLine = document.startLine() + parser.currentTokenLocation().getLineNr() - 1;
          value = JSON.readTree(parser);
        } catch (JsonProcessingException e) {
          JsonLocation location = e.getLocation();
          int line =
              location == null || location.getLineNr() < 1
                  ? document.line()
                  : document.startLine() + location.getLineNr() - 1;
          // Jackson's messages quote the input; the position is enough.
          String column = location == null ? "" : " (column " + location.getColumnNr() + ")";
          ManifestSyntaxException jsonError =
              new ManifestSyntaxException(line, "not valid JSON" + column);
          if (count > 1) {
            throw jsonError;
          }
          values.addAll(yamlRest(document, text, (int) consumed, jsonError));
          return values;
        }
        count++;
        consumed = parser.currentLocation().getCharOffset();
        if (value != null && !value.isNull() && !value.isMissingNode()) {
          values.add(new Value(valueLine, value));
        }
      }
    } catch (IOException e) {
      throw new ManifestSyntaxException(document.line(), "not valid JSON");
    }
  }

  private static List<Value> yamlRest(
      ManifestDocument document, String text, int consumed, ManifestSyntaxException jsonError)
      throws ManifestSyntaxException {
    int at = consumed;
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
      if (text.charAt(at - 1) == '\n') {
        break;
      }
    }
    String rest = text.substring(at);
    int startLine =
        document.startLine() + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
    List<Value> values = new ArrayList<>();
    try {
      ManifestSplitter.Split split = ManifestSplitter.splitYaml(document.source(), rest, startLine);
      if (!split.errors().isEmpty()) {
        throw jsonError;
      }
      for (ManifestDocument part : split.documents()) {
        parseYaml(part).forEach(tree -> values.add(new Value(part.line(), tree)));
      }
    } catch (ManifestSyntaxException e) {
      throw jsonError;
    }
    return values;
  }

  /** The message with every quoted part replaced, so no piece of the input is repeated. */
  static String withoutQuotes(String message) {
    return QUOTED.matcher(message).replaceAll("(…)").strip();
  }
}
