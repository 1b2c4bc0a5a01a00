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

/**
 * Reads manifests as kubectl, the API server and kubeseal do (sigs.k8s.io/yaml over go-yaml v2,
 * through k8s.io/apimachinery's {@code YAMLOrJSONDecoder}): {@link ManifestSplitter} cuts the
 * stream, SnakeYAML's YAML 1.1 composer (libyaml's design, as go-yaml's) reads each document with
 * go-yaml's resolver rules ({@link GoYamlRereads}, {@link GoYamlComposer}), and {@link GoYamlJson}
 * makes its JSON. Documents of any size are read, aliases are expanded within go-yaml's bound, and
 * errors carry the source line and never the document's text. Thread-safe: every call uses its own
 * parser.
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
    JsonNode tree = GoYamlRereads.read(document.text(), document.startLine(), document.line());
    return tree == null ? List.of() : List.of(tree);
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
}
