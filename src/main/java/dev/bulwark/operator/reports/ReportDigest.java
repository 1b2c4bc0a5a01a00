package dev.bulwark.operator.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * SHA-256 of a Report's content (the JSON tree {@link OpenReportsPublisher#content} builds),
 * canonical: object fields in name order, arrays in order, every value with its type and length, so
 * two trees that {@link JsonNode#equals} (which ignores the order of object fields) have the same
 * digest, whatever order the API server or the builder put the fields in. Numbers count by their
 * text ({@code 1} as an int or a long is one number). What the publisher keeps per namespace
 * instead of the tree: 32 bytes instead of the whole content (at 10,000 namespaces the trees alone
 * filled a third of a 768 MiB heap, issue 24).
 */
record ReportDigest(long a, long b, long c, long d) {

  /** The digest of {@code content}. */
  static ReportDigest of(JsonNode content) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    feed(sha, content);
    ByteBuffer hash = ByteBuffer.wrap(sha.digest());
    return new ReportDigest(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
  }

  private static void feed(MessageDigest sha, JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        names.sort(null);
        tag(sha, 'o', names.size());
        for (String name : names) {
          text(sha, name);
          feed(sha, node.get(name));
        }
      }
      case ARRAY -> {
        tag(sha, 'a', node.size());
        for (JsonNode element : node) {
          feed(sha, element);
        }
      }
      case STRING -> {
        tag(sha, 's', 0);
        text(sha, node.textValue());
      }
      case NUMBER -> {
        tag(sha, 'n', 0);
        text(sha, node.asText());
      }
      case BOOLEAN -> tag(sha, node.booleanValue() ? 't' : 'f', 0);
      case NULL -> tag(sha, 'z', 0);
      case MISSING -> tag(sha, 'm', 0);
      default -> {
        // BINARY and POJO nodes do not occur in a tree read from JSON or built by valueToTree
        // of maps and lists; fed by their text, as numbers are.
        tag(sha, 'x', 0);
        text(sha, node.asText());
      }
    }
  }

  private static void tag(MessageDigest sha, char type, int count) {
    sha.update((byte) type);
    sha.update(ByteBuffer.allocate(4).putInt(count).array());
  }

  private static void text(MessageDigest sha, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    sha.update(bytes);
  }
}
