package dev.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code -f FILE} and {@code -n NAMESPACE}: the plain Secrets that seal encrypts, and where. A file
 * may hold several documents or a {@code kind: List}; every object in it must be a Secret.
 */
final class SecretInput {

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      defaultValue = "-",
      description =
          "Secret manifests, YAML or JSON: several documents or a List seal every Secret;"
              + " - for stdin (default)")
  String file;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      description = "namespace for a Secret manifest that names none")
  String namespace;

  /** One Secret of the input and where it is ({@code file:line}, List item), for messages. */
  record Read(String where, Secret secret) {}

  /** Every Secret of the input, in order. */
  List<Read> read() throws CliException {
    List<Read> secrets = new ArrayList<>();
    for (ManifestIo.Manifest manifest : ManifestIo.readAll(file, System.in)) {
      if (!"Secret".equals(manifest.kind())) {
        throw new CliException(
            manifest.where() + ": kind is \"" + manifest.kind() + "\", expected Secret");
      }
      checkShape(manifest);
      Secret secret = manifest.as(Secret.class);
      applyNamespace(manifest.where(), secret);
      secrets.add(new Read(manifest.where(), secret));
    }
    return secrets;
  }

  /**
   * {@code data} and {@code stringData} must be objects of strings, as the API server and kubeseal
   * require (Go's JSON decoder refuses a number or an object there). Checked before binding, whose
   * coercions and messages would otherwise turn a value into text or quote it.
   */
  private static void checkShape(ManifestIo.Manifest manifest) throws CliException {
    for (String field : List.of("data", "stringData")) {
      JsonNode values = manifest.tree().get(field);
      if (values == null || values.isNull()) {
        continue;
      }
      if (!values.isObject()) {
        throw new CliException(
            manifest.where()
                + ": "
                + field
                + ": expected an object of strings, got "
                + kind(values));
      }
      for (Map.Entry<String, JsonNode> value : values.properties()) {
        JsonNode v = value.getValue();
        if (!v.isTextual() && !v.isNull()) {
          throw new CliException(
              manifest.where()
                  + ": "
                  + field
                  + "."
                  + value.getKey()
                  + ": expected a string, got "
                  + kind(v));
        }
      }
    }
    JsonNode metadata = manifest.tree().get("metadata");
    if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
      throw new CliException(
          manifest.where() + ": metadata: expected an object, got " + kind(metadata));
    }
  }

  /** What a value is, never what it says. */
  static String kind(JsonNode value) {
    if (value.isTextual()) {
      return "a string";
    }
    if (value.isNumber()) {
      return "a number";
    }
    if (value.isBoolean()) {
      return "true or false";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isObject()) {
      return "an object";
    }
    return "null";
  }

  private void applyNamespace(String where, Secret secret) throws CliException {
    if (namespace == null || secret.getMetadata() == null) {
      return;
    }
    String declared = secret.getMetadata().getNamespace();
    if (declared != null && !declared.isEmpty() && !declared.equals(namespace)) {
      throw new CliException(
          where
              + ": metadata.namespace is \""
              + declared
              + "\" but --namespace says \""
              + namespace
              + "\"");
    }
    secret.getMetadata().setNamespace(namespace);
  }
}
