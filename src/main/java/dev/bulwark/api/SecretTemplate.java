package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.Objects;

/** The unencrypted parts of the Secret to create, as in Bitnami's {@code spec.template}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretTemplate {

  @JsonPropertyDescription(
      "Labels and annotations of the Secret. Its name and namespace are always the"
          + " SealedSecret's; scope annotations here have no effect.")
  private TemplateMetadata metadata;

  @JsonPropertyDescription("Secret type, e.g. Opaque or kubernetes.io/tls (default Opaque).")
  private String type;

  @JsonPropertyDescription("Whether the Secret is immutable; a change is applied by recreating it.")
  private Boolean immutable;

  @JsonPropertyDescription(
      "Bitnami's templated values (Go templates over decrypted data). Not supported by Bulwark:"
          + " a SealedSecret that sets it reports Synced=False with reason UnsupportedSpec.")
  private Map<String, String> data;

  public TemplateMetadata getMetadata() {
    return metadata;
  }

  public void setMetadata(TemplateMetadata metadata) {
    this.metadata = metadata;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public Boolean getImmutable() {
    return immutable;
  }

  public void setImmutable(Boolean immutable) {
    this.immutable = immutable;
  }

  public Map<String, String> getData() {
    return data;
  }

  public void setData(Map<String, String> data) {
    this.data = data;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretTemplate that
        && Objects.equals(metadata, that.metadata)
        && Objects.equals(type, that.type)
        && Objects.equals(immutable, that.immutable)
        && Objects.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metadata, type, immutable, data);
  }
}
