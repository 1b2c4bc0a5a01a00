package dev.bulwark.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.plan.KnownChecks;
import dev.bulwark.plan.SpecProblem;
import dev.bulwark.plan.SpecValidator;
import dev.bulwark.scan.GoJsonBinding;
import dev.bulwark.scan.KubernetesYaml;
import dev.bulwark.scan.ManifestSyntaxException;
import dev.bulwark.scan.ManifestText;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A SecurityBaseline manifest given to {@code bulwark scan --baseline}, read as the scan reads
 * manifests ({@link KubernetesYaml}, then {@link GoJsonBinding}'s rules, unknown fields refused)
 * and checked like the operator does.
 */
final class BaselineFile {

  private static final ObjectMapper MAPPER =
      GoJsonBinding.mapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private BaselineFile() {}

  /**
   * The baseline in {@code file}; a clear message naming the file and field when it is unusable.
   */
  static SecurityBaseline load(Path file) {
    List<KubernetesYaml.Document> documents;
    try {
      String text = ManifestText.decode(Files.readAllBytes(file));
      documents = KubernetesYaml.readAll(file.toString(), text);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    } catch (ManifestSyntaxException e) {
      throw new IllegalArgumentException(
          file + (e.line() > 0 ? ":" + e.line() : "") + ": " + e.getMessage(), e);
    }
    JsonNode tree = documents.size() == 1 ? documents.get(0).tree() : null;
    if (tree == null || !"SecurityBaseline".equals(tree.path("kind").asText())) {
      throw new IllegalArgumentException(
          file
              + ": expected kind SecurityBaseline (apiVersion bulwark.dev/v1alpha1), one object in"
              + " the file");
    }
    SecurityBaseline baseline;
    try {
      baseline = MAPPER.treeToValue(tree, SecurityBaseline.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": " + fieldMessage(e), e);
    }
    if (baseline.getSpec() == null) {
      throw new IllegalArgumentException(file + ": spec: is required");
    }
    ObjectMeta metadata = baseline.getMetadata();
    if (metadata == null) { // `metadata:` with nothing under it reads as null
      metadata = new ObjectMeta();
      baseline.setMetadata(metadata);
    }
    if (metadata.getName() == null) {
      Path fileName = file.getFileName();
      metadata.setName((fileName != null ? fileName : file).toString());
    }
    List<SpecProblem> problems = new SpecValidator(KnownChecks.ids()).validate(baseline);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          file
              + ": invalid SecurityBaseline: "
              + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
    }
    return baseline;
  }

  /** Names the offending field, e.g. {@code spec.network.allowDns: unknown field}. */
  private static String fieldMessage(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
        String path =
            mapping.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return t instanceof UnrecognizedPropertyException
            ? path + ": unknown field"
            : path + ": " + mapping.getOriginalMessage();
      }
    }
    return e.getOriginalMessage();
  }
}
