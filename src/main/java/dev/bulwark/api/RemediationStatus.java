package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Workload template remediation: what it would change, what it changed, what was changed back. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RemediationStatus {

  /** Most objects named in {@link #preview}, {@link #reverted} and {@link #refused}. */
  public static final int NAMES = 20;

  @JsonPropertyDescription(
      "The baseline generation whose preview this is: set only once every governed namespace"
          + " was evaluated at that generation. Bulwark writes templates only once the complete"
          + " preview of the current generation has been published here.")
  public Long previewedGeneration;

  @JsonPropertyDescription("Workloads whose templates still lack some selected value.")
  public int pending;

  @JsonPropertyDescription(
      "The first pending workloads and the fields remediation sets on each (at most 20).")
  public List<String> preview = new ArrayList<>();

  @JsonPropertyDescription(
      "Workloads whose template write the API server refused (at most 20), with its message;"
          + " retried with backoff (5 s doubling to 10 minutes) and on every change of the"
          + " workload. Not counted in pending.")
  public List<String> refused = new ArrayList<>();

  @JsonPropertyDescription("How many workloads' writes are refused, named or not.")
  public int refusedCount;

  @JsonPropertyDescription("Workloads this operator process has patched.")
  public int remediated;

  @JsonPropertyDescription(
      "Workloads whose remediated values another writer changed back; Bulwark no longer writes"
          + " them (at most 20 named, with the field manager that changed them back).")
  public List<String> reverted = new ArrayList<>();

  @JsonPropertyDescription("How many workloads were changed back, named or not.")
  public int revertedCount;

  @Override
  public boolean equals(Object o) {
    return o instanceof RemediationStatus s
        && Objects.equals(previewedGeneration, s.previewedGeneration)
        && pending == s.pending
        && Objects.equals(preview, s.preview)
        && remediated == s.remediated
        && Objects.equals(reverted, s.reverted)
        && revertedCount == s.revertedCount
        && Objects.equals(refused, s.refused)
        && refusedCount == s.refusedCount;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        previewedGeneration,
        pending,
        preview,
        remediated,
        reverted,
        revertedCount,
        refused,
        refusedCount);
  }
}
