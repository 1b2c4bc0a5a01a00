package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One violation, as listed in a baseline's status. */
public record Violation(
    @JsonPropertyDescription("Namespace of the object.") String namespace,
    @JsonPropertyDescription("Kind of the object, e.g. Deployment or RoleBinding.") String kind,
    @JsonPropertyDescription("Name of the object.") String name,
    @JsonPropertyDescription("Check id, e.g. runAsNonRoot.") String check,
    @JsonPropertyDescription("What is wrong, naming the container or field.") String message) {}
