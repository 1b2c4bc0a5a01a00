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
        List<Violation> top,
    @JsonPropertyDescription(
            "True while these counts are kept from an earlier generation because the current spec"
                + " is invalid (nothing of it is applied, so nothing was counted against it);"
                + " absent otherwise.")
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        boolean stale) {

  public ViolationSummary {
    byCheck = byCheck == null ? Map.of() : byCheck;
    top = top == null ? List.of() : top;
  }

  /** Counts of the current generation. */
  public ViolationSummary(int total, Map<String, Integer> byCheck, List<Violation> top) {
    this(total, byCheck, top, false);
  }

  public ViolationSummary() {
    this(0, Map.of(), List.of());
  }

  /** The same counts, marked as kept from an earlier generation. */
  public ViolationSummary asStale() {
    return new ViolationSummary(total, byCheck, top, true);
  }
}
