package dev.bulwark.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A composed YAML document to the JSON that sigs.k8s.io/yaml makes of it: go-yaml v2's {@code
 * decode.go} into Go maps and slices, then map keys to strings and the result to JSON.
 *
 * <ul>
 *   <li>scalars: {@link GoYamlResolver} for implicit tags; {@code !!int}, {@code !!float}, {@code
 *       !!bool}, {@code !!null} and {@code !!timestamp} must fit the value ({@code !!float} takes
 *       an int), {@code !!binary} is base64 and other tags are strings;
 *   <li>a later duplicate key replaces an earlier one; merge keys ({@code <<: *a}, {@code <<: [*a,
 *       *b]}) copy keys where they stand, the first mapping of a list winning;
 *   <li>aliases expand to copies; an anchor whose value holds its own alias is refused, and so are
 *       documents whose aliases expand past go-yaml's ratio (more than 100 alias nodes and 1,000
 *       nodes decoded, aliases making more than 99 % down to 10 % of them);
 *   <li>keys: ints in decimal, floats as {@link GoYamlResolver#floatKey}, booleans; null, {@code
 *       uint64}, mapping and sequence keys are refused, and so are infinite and NaN values (unless
 *       a later duplicate key drops them, so they are refused at the end);
 *   <li>numbers are JSON as Go writes them: a float with an integral value below 1e21 is an
 *       integer.
 * </ul>
 */
final class GoYamlJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(false);

  private final Set<GoYamlComposer.Alias> expanding =
      Collections.newSetFromMap(new IdentityHashMap<>());

  /** Maps holding a key sigs.k8s.io/yaml refuses: an error if still in the finished document. */
  private final Map<JsonNode, ManifestSyntaxException> refusedKeys = new IdentityHashMap<>();

  private final int firstLine;
  private long decoded;
  private long aliased;
  private boolean deferred;

  private GoYamlJson(int firstLine) {
    this.firstLine = firstLine;
  }

  /**
   * The JSON of {@code root}, or null for a null document.
   *
   * @param firstLine the source line of the composed text's first line
   */
  static JsonNode of(Node root, int firstLine) throws ManifestSyntaxException {
    GoYamlJson json = new GoYamlJson(firstLine);
    json.decoded++; // go-yaml counts the document node too
    JsonNode value = json.value(root);
    if (json.deferred) {
      json.refuseNonJson(value);
    }
    return value.isNull() ? null : value;
  }

  /** {@code decoder.unmarshal}: counts the node against the alias budget, then decodes it. */
  private JsonNode value(Node node) throws ManifestSyntaxException {
    count(node);
    if (node instanceof GoYamlComposer.Alias alias) {
      try {
        return value(enter(alias));
      } finally {
        leave(alias);
      }
    }
    if (node instanceof SequenceNode sequence) {
      ArrayNode array = NODES.arrayNode(sequence.getValue().size());
      for (Node item : sequence.getValue()) {
        array.add(value(item));
      }
      return array;
    }
    if (node instanceof MappingNode mapping) {
      ObjectNode object = NODES.objectNode();
      fill(mapping, object);
      return object;
    }
    Object scalar = scalar((ScalarNode) node);
    if (scalar instanceof String text) {
      return NODES.textNode(text);
    }
    if (scalar instanceof Boolean bool) {
      return NODES.booleanNode(bool);
    }
    if (scalar instanceof Double number) {
      return number(number, node);
    }
    if (scalar instanceof Number number) {
      return integer(new BigInteger(number.toString()));
    }
    return NODES.nullNode();
  }

  /** Enters an alias ({@code decoder.alias}); {@link #leave} when done. */
  private Node enter(GoYamlComposer.Alias alias) throws ManifestSyntaxException {
    if (!expanding.add(alias)) {
      throw error(alias, "an anchor's value contains its own alias");
    }
    return alias.target();
  }

  private void leave(GoYamlComposer.Alias alias) {
    expanding.remove(alias);
  }

  private void count(Node node) throws ManifestSyntaxException {
    decoded++;
    aliased += expanding.isEmpty() ? 0 : 1;
    if (aliased > 100 && decoded > 1000 && (double) aliased / decoded > allowedRatio()) {
      throw error(node, "the document's aliases expand too far (excessive aliasing)");
    }
  }

  /** go-yaml v2's {@code allowedAliasRatio}: 99 % up to 400,000 nodes, down to 10 % at 4 M. */
  private double allowedRatio() {
    return decoded <= 400_000
        ? 0.99
        : decoded >= 4_000_000 ? 0.10 : 0.99 - 0.89 * (decoded - 400_000) / 3_600_000.0;
  }

  /** {@code decoder.mapping}: pairs in order, merges where they stand. */
  private void fill(MappingNode mapping, ObjectNode out) throws ManifestSyntaxException {
    for (NodeTuple pair : mapping.getValue()) {
      Node key = pair.getKeyNode();
      if (key instanceof ScalarNode scalar
          && scalar.getTag().equals(Tag.MERGE)
          && scalar.getValue().equals("<<")) {
        merge(pair.getValueNode(), out);
      } else {
        String name = key(key);
        JsonNode value = value(pair.getValueNode());
        if (name != null) {
          out.set(name, value);
        } else {
          // sigs.k8s.io/yaml refuses a null or uint64 key when it converts the finished
          // document, so a later duplicate key of a parent may still drop this map
          deferred = true;
          refusedKeys.putIfAbsent(out, error(key, "a " + refusedKey + " is not supported"));
        }
      }
    }
  }

  /** {@code decoder.merge}: a mapping, an alias of one, or a list of those (the last first). */
  private void merge(Node value, ObjectNode out) throws ManifestSyntaxException {
    if (value instanceof SequenceNode list) {
      for (int i = list.getValue().size() - 1; i >= 0; i--) {
        mergeMapping(list.getValue().get(i), out);
      }
    } else {
      mergeMapping(value, out);
    }
  }

  private void mergeMapping(Node node, ObjectNode out) throws ManifestSyntaxException {
    Node target = node instanceof GoYamlComposer.Alias alias ? alias.target() : node;
    if (!(target instanceof MappingNode mapping)) {
      throw error(node, "a merge key (<<) needs a mapping or a list of mappings as its value");
    }
    count(node);
    if (node instanceof GoYamlComposer.Alias alias) {
      try {
        mergeMapping(enter(alias), out);
      } finally {
        leave(alias);
      }
      return;
    }
    fill(mapping, out);
  }

  /** What the last key {@link #key} refused was. */
  private String refusedKey;

  /** A key as sigs.k8s.io/yaml writes it into JSON; null (and {@link #refusedKey}) if refused. */
  private String key(Node key) throws ManifestSyntaxException {
    count(key);
    Node target = key;
    if (key instanceof GoYamlComposer.Alias alias) {
      target = alias.target();
      try {
        count(enter(alias));
      } finally {
        leave(alias);
      }
    }
    if (!(target instanceof ScalarNode scalar)) {
      throw error(key, "a mapping or a list cannot be a key");
    }
    Object value = scalar(scalar);
    if (value instanceof String || value instanceof Long || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof Double number) {
      return GoYamlResolver.floatKey(number);
    }
    refusedKey = value instanceof BigInteger ? "key above 2^63-1" : "null key";
    return null;
  }

  /** {@code decoder.scalar} into interface{}: the value, checked against an explicit tag. */
  private Object scalar(ScalarNode node) throws ManifestSyntaxException {
    Tag tag = node.getTag();
    String text = node.getValue();
    // The resolver's own constants mark an implicit tag (an explicit one is a new Tag).
    if (tag == Tag.INT || tag == Tag.FLOAT || tag == Tag.BOOL || tag == Tag.NULL) {
      return GoYamlResolver.value(tag, text);
    }
    if (tag.equals(Tag.BINARY)) {
      try {
        return new String(GoBase64.decode(text), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw error(node, "!!binary value is not base64");
      }
    }
    if (tag.isSecondary() || tag.equals(Tag.STR) || tag.equals(Tag.MERGE)) { // "secondary": not !!
      return text;
    }
    Object value = GoYamlResolver.INSTANCE.plain(text);
    boolean fits =
        switch (tag.getValue().substring(Tag.PREFIX.length())) {
          case "int" -> value instanceof Long || value instanceof BigInteger;
          case "float" -> value instanceof Double || value instanceof Long;
          case "bool" -> value instanceof Boolean;
          case "null" -> value == GoYamlResolver.NULL;
          case "timestamp" -> GoYamlResolver.isTimestamp(text);
          default -> true;
        };
    if (!fits) {
      throw error(node, "the value does not fit its tag " + tag.getValue());
    }
    if (tag.equals(Tag.FLOAT) && value instanceof Long number) {
      return number.doubleValue();
    }
    boolean typed = tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL);
    return typed || tag.equals(Tag.NULL) ? value : text; // a timestamp, !!seq...: the text
  }

  /** A float as Go's encoding/json writes it: an integer literal when integral and below 1e21. */
  private JsonNode number(double value, Node node) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      deferred = true; // refused at the end unless a later duplicate key replaced it
      return NODES.pojoNode(line(node));
    }
    BigDecimal decimal = new BigDecimal(Double.toString(value)); // Go's shortest digits
    if (Math.abs(value) < 1e21 && decimal.stripTrailingZeros().scale() <= 0) {
      return integer(decimal.toBigInteger());
    }
    return NODES.numberNode(value);
  }

  private static JsonNode integer(BigInteger value) {
    if (value.bitLength() < 32) {
      return NODES.numberNode(value.intValue());
    }
    return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
  }

  /** Refuses what sigs.k8s.io/yaml cannot write: marked keys and non-finite numbers left over. */
  private void refuseNonJson(JsonNode value) throws ManifestSyntaxException {
    if (value.isPojo()) {
      throw new ManifestSyntaxException(
          (Integer) ((POJONode) value).getPojo(),
          "infinite and NaN numbers have no JSON form (quote the value)");
    }
    if (refusedKeys.containsKey(value)) {
      throw refusedKeys.get(value);
    }
    for (JsonNode child : value) {
      refuseNonJson(child);
    }
  }

  private int line(Node node) {
    return firstLine + node.getStartMark().getLine();
  }

  private ManifestSyntaxException error(Node node, String message) {
    return new ManifestSyntaxException(line(node), message);
  }
}
