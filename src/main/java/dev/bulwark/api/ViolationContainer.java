package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The container a violation is in. */
public record ViolationContainer(
    @JsonPropertyDescription("Name of the container.") String name,
    @JsonPropertyDescription(
            "Which list of the pod spec holds it: Container, InitContainer or EphemeralContainer.")
        ContainerType type) {}
