package dev.bulwark.cli;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.bulwark.scan.JsonTypes;
import dev.bulwark.scan.KubernetesYaml;
import dev.bulwark.scan.ManifestSyntaxException;
import dev.bulwark.scan.ManifestText;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads manifests from a file or stdin ("-") as kubectl does ({@link KubernetesYaml}: every
 * document, {@code kind: List} items one by one) and prints objects as YAML or JSON. No message
 * quotes the input: a Secret's values never reach the terminal.
 */
final class ManifestIo {

  // Unknown fields stay an error here, as before: a misspelt Secret field must not be dropped.
  private static final ObjectMapper JSON =
      dev.bulwark.scan.GoJsonBinding.mapper()
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              true);

  private ManifestIo() {}

  /** One object read; {@code where} names its file and line (and List item) in errors. */
  record Manifest(String where, JsonNode tree) {

    String apiVersion() {
      return tree.path("apiVersion").asText();
    }

    String kind() {
      return tree.path("kind").asText();
    }

    /**
     * The object bound to {@code type}; on a mismatch the error names the field and the type
     * expected there, never the value found.
     */
    <T> T as(Class<T> type) throws CliException {
      try {
        return JSON.treeToValue(tree, type);
      } catch (IOException | IllegalArgumentException e) {
        throw new CliException(where + ": not a valid " + type.getSimpleName() + describe(e));
      }
    }
  }

  private static String describe(Exception e) {
    if (!(e instanceof JsonMappingException mapping)) {
      return "";
    }
    String path =
        mapping.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    String expected =
        e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
            ? "expected " + JsonTypes.describe(mismatch.getTargetType())
            : "a value of the wrong type";
    return " (" + (path.isEmpty() ? "" : path + ": ") + expected + ")";
  }

  /**
   * Every object in {@code file}: each document, and each item of a {@code kind: List}.
   *
   * @throws CliException naming the file and line when it cannot be read or holds no object
   */
  static List<Manifest> readAll(String file, InputStream stdin) throws CliException {
    String source = "-".equals(file) ? "stdin" : file;
    List<KubernetesYaml.Document> documents;
    try {
      byte[] bytes = "-".equals(file) ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
      documents = KubernetesYaml.readAll(source, ManifestText.decode(bytes));
    } catch (IOException e) {
      throw new CliException(source + ": cannot read (" + e.getMessage() + ")");
    } catch (ManifestSyntaxException e) {
      throw new CliException(
          source
              + (e.line() > 0 ? ":" + e.line() : "")
              + ": not YAML or JSON ("
              + e.getMessage()
              + ")");
    }
    List<Manifest> manifests = new ArrayList<>();
    for (KubernetesYaml.Document document : documents) {
      String where = source + ":" + document.line();
      JsonNode tree = document.tree();
      if (!tree.isObject()) {
        throw new CliException(where + ": expected a Kubernetes object");
      }
      if (tree.path("kind").asText().endsWith("List") && tree.has("items")) {
        JsonNode items = tree.get("items");
        if (!items.isArray()) {
          throw new CliException(where + ": items: expected a list");
        }
        for (int i = 0; i < items.size(); i++) {
          if (!items.get(i).isObject()) {
            throw new CliException(where + ": items[" + i + "]: expected a Kubernetes object");
          }
          manifests.add(new Manifest(where + ": items[" + i + "]", items.get(i)));
        }
      } else {
        manifests.add(new Manifest(where, tree));
      }
    }
    if (manifests.isEmpty()) {
      throw new CliException(source + ": no Kubernetes object in it");
    }
    return manifests;
  }

  static String write(Object object, OutputFormat format) {
    return format == OutputFormat.JSON
        ? Serialization.asJson(object) + System.lineSeparator()
        : Serialization.asYaml(object);
  }
}
