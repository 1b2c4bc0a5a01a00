package dev.bulwark.scan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.policy.Finding;
import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.policy.WorkloadPods;
import dev.bulwark.report.InputError;
import dev.bulwark.report.ScannedObject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one document and evaluates the workloads in it: a single object or a {@code kind: List} of
 * them. Other kinds are passed over; a document that cannot be read becomes an {@link InputError}
 * with its line. Stateless apart from the shared, thread-safe engine and mappers.
 */
public final class WorkloadScanner {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final PolicyEngine engine;

  public WorkloadScanner(PolicyEngine engine) {
    this.engine = engine;
  }

  /** What one document held: workloads found and errors met. */
  public record Result(List<ScannedObject> objects, List<InputError> errors) {}

  public Result scan(ManifestDocument document) {
    JsonNode root;
    try {
      root = YAML.readTree(document.text());
    } catch (JsonProcessingException e) {
      return error(document, line(document, e.getLocation()), e.getOriginalMessage());
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return new Result(List.of(), List.of());
    }
    if (!root.isObject()) {
      return error(document, document.line(), "not a Kubernetes object (no mapping at the top)");
    }
    List<ScannedObject> objects = new ArrayList<>();
    List<InputError> errors = new ArrayList<>();
    String kind = root.path("kind").asText("");
    if (kind.endsWith("List") && root.path("items").isArray()) {
      JsonNode items = root.path("items");
      for (int i = 0; i < items.size(); i++) {
        scanObject(document, items.get(i), "items[" + i + "]: ", objects, errors);
      }
    } else if (kind.isEmpty()) {
      errors.add(
          new InputError(
              document.source(), document.index(), document.line(), "object has no kind"));
    } else {
      scanObject(document, root, "", objects, errors);
    }
    return new Result(objects, errors);
  }

  private void scanObject(
      ManifestDocument document,
      JsonNode node,
      String where,
      List<ScannedObject> objects,
      List<InputError> errors) {
    String kind = node.path("kind").asText("");
    Class<? extends HasMetadata> type = WorkloadPods.KINDS.get(kind);
    if (type == null) {
      return;
    }
    HasMetadata object;
    try {
      object = YAML.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      errors.add(
          new InputError(
              document.source(),
              document.index(),
              document.line(),
              where + "cannot read " + kind + ": " + bindingProblem(e)));
      return;
    }
    List<Finding> findings = engine.evaluate(object);
    objects.add(
        new ScannedObject(
            document.source(),
            document.index(),
            document.line(),
            node.path("apiVersion").asText(""),
            kind,
            object.getMetadata() == null ? null : object.getMetadata().getNamespace(),
            object.getMetadata() == null ? null : object.getMetadata().getName(),
            findings));
  }

  private static String bindingProblem(JsonProcessingException e) {
    String path =
        e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
            ? mapping.getPathReference()
            : "";
    String message = e.getOriginalMessage();
    int newline = message.indexOf('\n');
    message = newline > 0 ? message.substring(0, newline) : message;
    return path.isEmpty() ? message : message + " (at " + simplify(path) + ")";
  }

  /** Jackson's path reference names model classes; keep only the field names. */
  private static String simplify(String pathReference) {
    return pathReference
        .replaceAll("[a-zA-Z0-9_.$]+\\[\"", "")
        .replace("\"]", ".")
        .replaceAll("\\.$", "");
  }

  private static int line(ManifestDocument document, JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return document.line();
    }
    // The document's text starts at the marker line or the source's first line.
    int firstLineOfText = document.line() - leadingLinesBeforeContent(document.text());
    return firstLineOfText + location.getLineNr() - 1;
  }

  private static int leadingLinesBeforeContent(String text) {
    int lines = 0;
    int pos = 0;
    while (pos < text.length()) {
      int end = text.indexOf('\n', pos);
      if (end < 0) {
        end = text.length();
      }
      String content = text.substring(pos, end).strip();
      if (!content.isEmpty() && !content.startsWith("#")) {
        return lines;
      }
      lines++;
      pos = end + 1;
    }
    return lines;
  }

  private static Result error(ManifestDocument document, int line, String message) {
    return new Result(
        List.of(), List.of(new InputError(document.source(), document.index(), line, message)));
  }
}
