package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** Violation counts and the first few violations, so status stays small. */
public record ViolationSummary(
    @JsonPropertyDescription("All violations in governed namespaces.") int total,
    @JsonPropertyDescription("Violations per check id.") Map<String, Integer> byCheck,
    @JsonPropertyDescription("The first 20 violations, ordered by namespace, kind, name, check.")
        List<Violation> top) {

  public ViolationSummary() {
    this(0, Map.of(), List.of());
  }
}
