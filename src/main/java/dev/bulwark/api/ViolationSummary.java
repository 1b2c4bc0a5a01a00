package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** Violation counts and the first few violations, so status stays small. */
public record ViolationSummary(
    @JsonPropertyDescription("All violations in governed namespaces.") int total,
    // Omitted when empty: a server-side apply of an empty map over keys this manager owned leaves
    // null behind, which the schema refuses; absent reads back as empty.
    @JsonPropertyDescription("Violations per check id.") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, Integer> byCheck,
    @JsonPropertyDescription("The first 20 violations, ordered by namespace, kind, name, check.")
        List<Violation> top) {

  public ViolationSummary {
    byCheck = byCheck == null ? Map.of() : byCheck;
    top = top == null ? List.of() : top;
  }

  public ViolationSummary() {
    this(0, Map.of(), List.of());
  }
}
