package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.Map;
import java.util.Objects;

/**
 * The metadata of the Secret to create. Other ObjectMeta fields that kubeseal copies from its input
 * (e.g. {@code creationTimestamp: null}) are accepted and ignored.
 */
@PreserveUnknownFields
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class TemplateMetadata {

  @JsonPropertyDescription("Ignored: the Secret always takes the SealedSecret's name.")
  private String name;

  @JsonPropertyDescription("Ignored: the Secret always takes the SealedSecret's namespace.")
  private String namespace;

  @JsonPropertyDescription("Labels of the Secret.")
  private Map<String, String> labels;

  @JsonPropertyDescription("Annotations of the Secret.")
  private Map<String, String> annotations;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TemplateMetadata that
        && Objects.equals(name, that.name)
        && Objects.equals(namespace, that.namespace)
        && Objects.equals(labels, that.labels)
        && Objects.equals(annotations, that.annotations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, namespace, labels, annotations);
  }
}
