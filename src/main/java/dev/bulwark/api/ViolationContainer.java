package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.bulwark.text.BoundedText;

/** The container a violation is in; its name cut to {@value BoundedText#NAME} bytes. */
public record ViolationContainer(
    @JsonPropertyDescription("Name of the container.") String name,
    @JsonPropertyDescription(
            "Which list of the pod spec holds it: Container, InitContainer or EphemeralContainer.")
        ContainerType type) {

  public ViolationContainer {
    name = BoundedText.name(name);
  }
}
