package dev.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads one manifest from a file or stdin ("-") and prints objects as YAML or JSON. */
final class ManifestIo {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ManifestIo() {}

  /** A manifest read and checked for its kind; {@code source} names it in errors. */
  record Manifest(String source, JsonNode tree) {

    String apiVersion() {
      return tree.path("apiVersion").asText();
    }

    String kind() {
      return tree.path("kind").asText();
    }

    <T> T as(Class<T> type) throws CliException {
      try {
        return YAML.convertValue(tree, type);
      } catch (IllegalArgumentException e) {
        throw new CliException(
            source + ": not a valid " + type.getSimpleName() + " (" + firstLine(e) + ")");
      }
    }
  }

  static Manifest read(String file, InputStream stdin) throws CliException {
    String source = "-".equals(file) ? "stdin" : file;
    String text;
    try {
      text =
          "-".equals(file)
              ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new CliException(source + ": cannot read (" + e.getMessage() + ")");
    }
    JsonNode tree;
    try {
      tree = YAML.readTree(text);
    } catch (IOException e) {
      throw new CliException(source + ": not YAML or JSON (" + firstLine(e) + ")");
    }
    if (tree == null || !tree.isObject()) {
      throw new CliException(source + ": expected one Kubernetes object");
    }
    return new Manifest(source, tree);
  }

  static String write(Object object, OutputFormat format) {
    return format == OutputFormat.JSON
        ? Serialization.asJson(object) + System.lineSeparator()
        : Serialization.asYaml(object);
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
