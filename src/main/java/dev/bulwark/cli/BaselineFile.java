package dev.bulwark.cli;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.plan.KnownChecks;
import dev.bulwark.plan.SpecProblem;
import dev.bulwark.plan.SpecValidator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A SecurityBaseline manifest given to {@code bulwark scan --baseline}, checked like the operator
 * does.
 */
final class BaselineFile {

  private BaselineFile() {}

  /**
   * The baseline in {@code file}; a clear message naming the file and field when it is unusable.
   */
  static SecurityBaseline load(Path file) {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
    GenericKubernetesResource generic;
    try {
      generic = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          file + ": not a YAML or JSON manifest: " + rootMessage(e), e);
    }
    if (generic == null || !"SecurityBaseline".equals(generic.getKind())) {
      throw new IllegalArgumentException(
          file + ": expected kind SecurityBaseline (apiVersion bulwark.dev/v1alpha1)");
    }
    SecurityBaseline baseline;
    try {
      baseline = Serialization.unmarshal(yaml, SecurityBaseline.class);
    } catch (RuntimeException e) {
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
  private static String fieldMessage(Throwable e) {
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
    return rootMessage(e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
