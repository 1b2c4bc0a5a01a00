package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
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
    @JsonPropertyDescription("Kind of the object, e.g. Deployment, Pod or RoleBinding.")
        String kind,
    @JsonPropertyDescription("Name of the object.") String name,
    @JsonPropertyDescription("Check id, e.g. runAsNonRoot.") String check,
    @JsonPropertyDescription("What is wrong, naming the container or field.") String message,
    @JsonPropertyDescription(
            "The container the violation is in (absent for the pod as a whole, and for objects"
                + " other than workloads).")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        ViolationContainer container) {

  public Violation {
    namespace = BoundedText.name(namespace);
    kind = BoundedText.name(kind);
    name = BoundedText.name(name);
    check = BoundedText.name(check);
    message = BoundedText.message(message);
  }

  /** A violation in no particular container. */
  public Violation(String namespace, String kind, String name, String check, String message) {
    this(namespace, kind, name, check, message, null);
  }
}
