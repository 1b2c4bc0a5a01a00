package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.bulwark.text.BoundedText;

/**
 * One violation, as listed in a baseline's status, an OpenReports Report and the ledger. Every
 * field is cut to a bound ({@link BoundedText}): names to {@value BoundedText#NAME} bytes, the
 * message to {@value BoundedText#MESSAGE} bytes, since all of them can come from what a tenant
 * wrote.
 */
public record Violation(
    @JsonPropertyDescription("Namespace of the object.") String namespace,
    @JsonPropertyDescription("Kind of the object, e.g. Deployment or RoleBinding.") String kind,
    @JsonPropertyDescription("Name of the object.") String name,
    @JsonPropertyDescription("Check id, e.g. runAsNonRoot.") String check,
    @JsonPropertyDescription("What is wrong, naming the container or field.") String message) {

  public Violation {
    namespace = BoundedText.name(namespace);
    kind = BoundedText.name(kind);
    name = BoundedText.name(name);
    check = BoundedText.name(check);
    message = BoundedText.message(message);
  }
}
