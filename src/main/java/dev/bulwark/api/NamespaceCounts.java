package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Namespace counts for a baseline's status. */
public record NamespaceCounts(
    @JsonPropertyDescription("Namespaces this baseline governs.") int matched,
    @JsonPropertyDescription("Governed namespaces without violations.") int compliant,
    @JsonPropertyDescription("Namespaces this baseline selects but a higher-priority one governs.")
        int conflicting) {

  public NamespaceCounts() {
    this(0, 0, 0);
  }
}
