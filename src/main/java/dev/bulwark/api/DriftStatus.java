package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How often owned state was found changed and repaired. */
public record DriftStatus(
    @JsonPropertyDescription(
            "Repairs made for this baseline, carried across operator restarts and leader changes.")
        long repairs,
    @JsonPropertyDescription("When the last repair happened (RFC 3339).") String lastRepairTime) {

  public DriftStatus() {
    this(0, null);
  }
}
