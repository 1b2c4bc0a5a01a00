package dev.bulwark.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Builds the JSON tree of the first YAML document of a parser's events the way sigs.k8s.io/yaml
 * does: go-yaml v2 decodes the document into Go maps and slices (its {@code parser.go} and {@code
 * decode.go}), and sigs.k8s.io/yaml turns map keys into strings and the result into JSON. The rules
 * carried over from there:
 *
 * <ul>
 *   <li>plain scalars resolve by YAML 1.1 ({@link GoYamlScalars}); quoted and block scalars are
 *       strings; {@code !!str}, {@code !!int}, {@code !!float}, {@code !!bool} and {@code !!null}
 *       tags are checked, other tags ignored;
 *   <li>a later duplicate key replaces an earlier one;
 *   <li>merge keys ({@code <<: *a}, {@code <<: [*a, *b]}) copy keys into the mapping at the point
 *       where they stand, so keys after a merge win and keys before it lose; in a list of merged
 *       mappings the first wins;
 *   <li>aliases expand to copies; an anchor that contains its own alias is refused, and so is a
 *       document whose aliases expand past go-yaml's ratio (more than 100 alias nodes and 1,000
 *       nodes decoded, with too large a share from aliases: "billion laughs");
 *   <li>keys that are numbers or booleans become their decimal or {@code true}/{@code false} text;
 *       null, mapping and sequence keys and keys above {@code int64} are refused; infinite and NaN
 *       values are refused (JSON has none).
 * </ul>
 */
final class GoYamlTree {

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(false);
  private static final String TAG_PREFIX = "tag:yaml.org,2002:";
  private static final int MAX_DEPTH = 10_000;

  /** One node of the document as go-yaml's parser keeps it. */
  private static final class Node {
    final Kind kind;
    final int line;
    String tag;
    String value;
    boolean plain;
    List<Node> children;
    Node alias;

    Node(Kind kind, int line) {
      this.kind = kind;
      this.line = line;
    }
  }

  private enum Kind {
    SCALAR,
    MAPPING,
    SEQUENCE,
    ALIAS
  }

  private final Parser parser;
  private final int firstLine;
  private final String text;
  private int flowDepth;

  /** Whether a value or key was marked for a check at the end (most documents have none). */
  private boolean deferredErrors;

  private final Map<String, Node> anchors = new HashMap<>();
  private final Set<Node> activeAliases = Collections.newSetFromMap(new IdentityHashMap<>());
  private long decodeCount;
  private long aliasCount;
  private int aliasDepth;
  private int depth;

  private GoYamlTree(Parser parser, int firstLine, String text) {
    this.parser = parser;
    this.firstLine = firstLine;
    this.text = text;
  }

  /**
   * A plain scalar in a flow collection that go-yaml reads on through a colon which SnakeYAML takes
   * as a value indicator: in {@code [a:b:, c]} and {@code {k: http://host:}} go-yaml's scalar is
   * {@code a:b:} and {@code http://host:}, since only a colon before a blank ends it. The caller
   * quotes the scalar with its colon (a plain scalar ending in a colon is a string anyway) and
   * parses again.
   *
   * @param start where the scalar starts
   * @param end where the colon is
   */
  record ColonEndedScalar(Mark start, Mark end) {}

  /** Thrown with a {@link ColonEndedScalar}. */
  static final class ColonEnded extends RuntimeException {
    // Control flow inside one read; never serialised.
    private final transient ColonEndedScalar scalar;

    ColonEnded(ColonEndedScalar scalar) {
      super(null, null, false, false);
      this.scalar = scalar;
    }

    Mark start() {
      return scalar.start();
    }

    Mark end() {
      return scalar.end();
    }
  }

  /**
   * The first document's value: a JSON tree, or {@code null} for an empty or null document.
   *
   * @param firstLine 1-based source line where the parser's text starts
   */
  static JsonNode firstDocument(Parser parser, int firstLine, String text)
      throws ManifestSyntaxException {
    GoYamlTree tree = new GoYamlTree(parser, firstLine, text);
    try {
      return tree.read();
    } catch (MarkedYAMLException e) {
      throw new ParseFailure(e, tree.flowDepth > 0);
    }
  }

  /** SnakeYAML's error, and whether it came inside a flow collection. */
  static final class ParseFailure extends RuntimeException {
    private final boolean inFlow;

    ParseFailure(MarkedYAMLException cause, boolean inFlow) {
      super(cause.getMessage(), cause, false, false);
      this.inFlow = inFlow;
    }

    MarkedYAMLException marked() {
      return (MarkedYAMLException) getCause();
    }

    boolean inFlow() {
      return inFlow;
    }
  }

  private JsonNode read() throws ManifestSyntaxException {
    expect(Event.ID.StreamStart);
    if (parser.checkEvent(Event.ID.StreamEnd)) {
      return null;
    }
    expect(Event.ID.DocumentStart);
    Node root = node();
    expect(Event.ID.DocumentEnd);
    decodeCount++; // go-yaml counts the document node too
    JsonNode value = value(root);
    if (deferredErrors) {
      checkNoInfinity(value);
    }
    return value == null || value.isNull() ? null : value;
  }

  private void expect(Event.ID id) {
    Event event = parser.getEvent();
    if (!event.is(id)) {
      throw new IllegalStateException("YAML parser gave " + event.getEventId() + " for " + id);
    }
  }

  // ---- events to nodes (go-yaml's parser.go)

  private Node node() throws ManifestSyntaxException {
    Event event = parser.getEvent();
    int line = firstLine + event.getStartMark().getLine();
    if (event instanceof AliasEvent alias) {
      Node node = new Node(Kind.ALIAS, line);
      node.alias = anchors.get(alias.getAnchor());
      if (node.alias == null) {
        throw new ManifestSyntaxException(line, "unknown anchor referenced by an alias");
      }
      return node;
    }
    if (++depth > MAX_DEPTH) {
      throw new ManifestSyntaxException(line, "nested more than " + MAX_DEPTH + " levels deep");
    }
    try {
      Node node;
      if (event instanceof ScalarEvent scalar) {
        node = new Node(Kind.SCALAR, line);
        node.value = scalar.getValue();
        node.tag = scalar.getTag();
        node.plain =
            scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN && scalar.getTag() == null;
        if (flowDepth > 0 && scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
          checkColonEnd(scalar);
        }
        anchor(scalar, node);
        return node;
      }
      if (event.is(Event.ID.MappingStart) || event.is(Event.ID.SequenceStart)) {
        boolean mapping = event.is(Event.ID.MappingStart);
        node = new Node(mapping ? Kind.MAPPING : Kind.SEQUENCE, line);
        node.tag = ((CollectionStartEvent) event).getTag();
        node.children = new ArrayList<>();
        anchor((NodeEvent) event, node);
        boolean flow = ((CollectionStartEvent) event).isFlow();
        flowDepth += flow ? 1 : 0;
        Event.ID end = mapping ? Event.ID.MappingEnd : Event.ID.SequenceEnd;
        while (!parser.checkEvent(end)) {
          node.children.add(node());
        }
        parser.getEvent();
        flowDepth -= flow ? 1 : 0;
        return node;
      }
      throw new IllegalStateException("unexpected YAML event " + event.getEventId());
    } finally {
      depth--;
    }
  }

  private void checkColonEnd(ScalarEvent scalar) {
    Mark end = scalar.getEndMark();
    // A mark's index counts code points; it is the char index when the text has no surrogates.
    int at = bmpOnly() ? end.getIndex() : KubernetesYaml.offset(text, end);
    if (at > 0
        && at + 1 < text.length()
        && text.charAt(at) == ':'
        && ",]}".indexOf(text.charAt(at + 1)) >= 0) {
      throw new ColonEnded(new ColonEndedScalar(scalar.getStartMark(), end));
    }
  }

  private Boolean bmpOnly;

  private boolean bmpOnly() {
    if (bmpOnly == null) {
      bmpOnly = text.codePointCount(0, text.length()) == text.length();
    }
    return bmpOnly;
  }

  private void anchor(NodeEvent event, Node node) {
    if (event.getAnchor() != null) {
      anchors.put(event.getAnchor(), node);
    }
  }

  // ---- nodes to values (go-yaml's decode.go into interface{}, then sigs.k8s.io/yaml)

  /** {@code decoder.unmarshal}: counts the node against the alias budget, then decodes it. */
  private JsonNode value(Node node) throws ManifestSyntaxException {
    count(node);
    return switch (node.kind) {
      case ALIAS -> {
        enterAlias(node);
        try {
          yield value(node.alias);
        } finally {
          leaveAlias(node);
        }
      }
      case SCALAR -> scalarValue(node);
      case SEQUENCE -> {
        ArrayNode array = NODES.arrayNode(node.children.size());
        for (Node child : node.children) {
          array.add(value(child));
        }
        yield array;
      }
      case MAPPING -> {
        ObjectNode object = NODES.objectNode();
        fill(node, object);
        yield object;
      }
    };
  }

  /** An infinite or NaN value, which sigs.k8s.io/yaml cannot write as JSON. */
  private record NotJson(int line) {}

  private static void checkNoInfinity(JsonNode value) throws ManifestSyntaxException {
    if (value == null) {
      return;
    }
    if (value.isObject()) {
      for (var names = value.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (name.startsWith(BAD_KEY)) {
          String rest = name.substring(BAD_KEY.length());
          int colon = rest.indexOf(':');
          throw new ManifestSyntaxException(
              Integer.parseInt(rest.substring(0, colon)), rest.substring(colon + 1));
        }
      }
    }
    if (value.isPojo()) {
      throw new ManifestSyntaxException(
          ((NotJson) ((com.fasterxml.jackson.databind.node.POJONode) value).getPojo()).line(),
          "infinite and NaN numbers have no JSON form (quote the value)");
    }
    for (JsonNode child : value) {
      checkNoInfinity(child);
    }
  }

  private void count(Node node) throws ManifestSyntaxException {
    decodeCount++;
    if (aliasDepth > 0) {
      aliasCount++;
    }
    if (aliasCount > 100
        && decodeCount > 1000
        && (double) aliasCount / decodeCount > allowedAliasRatio(decodeCount)) {
      throw new ManifestSyntaxException(
          node.line, "the document's aliases expand too far (excessive aliasing)");
    }
  }

  /** go-yaml v2's {@code allowedAliasRatio}: 99% for small documents down to 10% for huge ones. */
  private static double allowedAliasRatio(long decodeCount) {
    if (decodeCount <= 400_000) {
      return 0.99;
    }
    if (decodeCount >= 4_000_000) {
      return 0.10;
    }
    return 0.99 - 0.89 * ((double) (decodeCount - 400_000) / 3_600_000);
  }

  private void enterAlias(Node alias) throws ManifestSyntaxException {
    if (!activeAliases.add(alias)) {
      throw new ManifestSyntaxException(alias.line, "an anchor's value contains its own alias");
    }
    aliasDepth++;
  }

  private void leaveAlias(Node alias) {
    aliasDepth--;
    activeAliases.remove(alias);
  }

  /** {@code decoder.mapping} into an existing map: pairs in order, merges where they stand. */
  private void fill(Node mapping, ObjectNode out) throws ManifestSyntaxException {
    List<Node> children = mapping.children;
    for (int i = 0; i + 1 < children.size(); i += 2) {
      Node key = children.get(i);
      Node value = children.get(i + 1);
      if (isMerge(key)) {
        merge(value, out);
        continue;
      }
      String name = key(key);
      out.set(name, value(value));
    }
  }

  private static boolean isMerge(Node key) {
    return key.kind == Kind.SCALAR
        && "<<".equals(key.value)
        && (key.plain || (TAG_PREFIX + "merge").equals(key.tag));
  }

  /** {@code decoder.merge}. */
  private void merge(Node value, ObjectNode out) throws ManifestSyntaxException {
    switch (value.kind) {
      case MAPPING -> mergeMapping(value, out);
      case ALIAS -> {
        if (value.alias.kind != Kind.MAPPING) {
          throw wantMap(value);
        }
        mergeMapping(value, out);
      }
      case SEQUENCE -> {
        for (int i = value.children.size() - 1; i >= 0; i--) {
          Node item = value.children.get(i);
          Node target = item.kind == Kind.ALIAS ? item.alias : item;
          if (target.kind != Kind.MAPPING) {
            throw wantMap(item);
          }
          mergeMapping(item, out);
        }
      }
      default -> throw wantMap(value);
    }
  }

  /** {@code decoder.unmarshal} of a mapping (or an alias of one) into the map being filled. */
  private void mergeMapping(Node node, ObjectNode out) throws ManifestSyntaxException {
    count(node);
    if (node.kind == Kind.ALIAS) {
      enterAlias(node);
      try {
        mergeMapping(node.alias, out);
      } finally {
        leaveAlias(node);
      }
      return;
    }
    fill(node, out);
  }

  private static ManifestSyntaxException wantMap(Node node) {
    return new ManifestSyntaxException(
        node.line, "a merge key (<<) needs a mapping or a sequence of mappings as its value");
  }

  /** A key as sigs.k8s.io/yaml writes it into JSON. */
  private String key(Node key) throws ManifestSyntaxException {
    count(key);
    Node target = key;
    if (key.kind == Kind.ALIAS) {
      enterAlias(key);
      try {
        count(key.alias);
      } finally {
        leaveAlias(key);
      }
      target = key.alias;
    }
    if (target.kind != Kind.SCALAR) {
      throw new ManifestSyntaxException(key.line, "a mapping or sequence cannot be a key");
    }
    Object resolved = scalar(target);
    if (resolved instanceof String text) {
      return text;
    }
    if (resolved instanceof Long number) {
      return Long.toString(number);
    }
    if (resolved instanceof Double number) {
      return GoYamlScalars.formatFloatKey(number);
    }
    if (resolved instanceof Boolean bool) {
      return bool.toString();
    }
    // sigs.k8s.io/yaml refuses these keys when it converts the finished map, so a later
    // duplicate key may still replace them; they are marked and checked at the end.
    deferredErrors = true;
    if (resolved instanceof BigInteger) {
      return BAD_KEY + key.line + ":a key above 2^63-1 is not supported";
    }
    return BAD_KEY + key.line + ":a null key is not supported";
  }

  /** Starts the name of a key sigs.k8s.io/yaml refuses; no YAML text yields a NUL character. */
  private static final String BAD_KEY = "\u0000bad-key:";

  private JsonNode scalarValue(Node node) throws ManifestSyntaxException {
    Object resolved = scalar(node);
    if (resolved instanceof String text) {
      return NODES.textNode(text);
    }
    if (resolved instanceof Long number) {
      return NODES.numberNode(number);
    }
    if (resolved instanceof BigInteger number) {
      return NODES.numberNode(number);
    }
    if (resolved instanceof Double number) {
      if (number.isNaN() || number.isInfinite()) {
        // Refused only if it is still there when the document is done: a later duplicate key
        // may replace it, as in go-yaml's map.
        deferredErrors = true;
        return NODES.pojoNode(new NotJson(node.line));
      }
      return NODES.numberNode(number);
    }
    if (resolved instanceof Boolean bool) {
      return NODES.booleanNode(bool);
    }
    return NODES.nullNode();
  }

  /** {@code decoder.scalar} into interface{}, through {@code resolve}. */
  private static Object scalar(Node node) throws ManifestSyntaxException {
    if (node.tag == null || "!".equals(node.tag)) {
      return node.plain ? GoYamlScalars.resolvePlain(node.value) : node.value;
    }
    String tag = node.tag.startsWith(TAG_PREFIX) ? node.tag.substring(TAG_PREFIX.length()) : null;
    if (tag == null) {
      return node.value; // a local tag such as !foo: go-yaml keeps the string
    }
    Object resolved = GoYamlScalars.resolvePlain(node.value);
    return switch (tag) {
      case "str", "merge" -> node.value;
      case "timestamp" -> {
        if (GoYamlScalars.isTimestamp(node.value)) {
          yield node.value; // go-yaml gives the text of a timestamp decoded into interface{}
        }
        throw cannotDecode(node, tag);
      }
      case "binary" -> binary(node);
      case "int" -> {
        if (resolved instanceof Long || resolved instanceof BigInteger) {
          yield resolved;
        }
        throw cannotDecode(node, tag);
      }
      case "float" -> {
        if (resolved instanceof Double) {
          yield resolved;
        }
        if (resolved instanceof Long number) {
          yield number.doubleValue();
        }
        throw cannotDecode(node, tag);
      }
      case "bool" -> {
        if (resolved instanceof Boolean) {
          yield resolved;
        }
        throw cannotDecode(node, tag);
      }
      case "null" -> {
        if (resolved == GoYamlScalars.NULL) {
          yield resolved;
        }
        throw cannotDecode(node, tag);
      }
      default -> node.value;
    };
  }

  private static Object binary(Node node) throws ManifestSyntaxException {
    try {
      return new String(GoBase64.decode(node.value), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ManifestSyntaxException(node.line, "!!binary value is not base64");
    }
  }

  private static ManifestSyntaxException cannotDecode(Node node, String tag) {
    return new ManifestSyntaxException(node.line, "the value does not fit its tag !!" + tag);
  }
}
