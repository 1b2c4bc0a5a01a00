package dev.bulwark.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bulwark.api.VulnerabilityStatus;
import java.util.Map;

/**
 * One baseline as its status shows it, for {@code bulwark status}.
 *
 * @param name the baseline's name
 * @param mode Enforce or Audit
 * @param governed namespaces it governs (0 before its first status)
 * @param compliantNamespaces governed namespaces without violations
 * @param violations all violations in its namespaces
 * @param ready the Ready condition's status (True, False, Unknown) or {@code -} when absent
 * @param conflict the Conflict condition's status or {@code -}
 * @param result {@link Result#COMPLIANT} only when the Compliant condition is True for the
 *     baseline's current generation, applied in every namespace it selects
 * @param byCheck violations per check id
 * @param vulnerabilities the check imageVulnerabilities as its status shows it; null when the
 *     baseline does not run it
 */
public record BaselineState(
    String name,
    String mode,
    int governed,
    int compliantNamespaces,
    int violations,
    String ready,
    String conflict,
    Result result,
    Map<String, Integer> byCheck,
    @JsonInclude(JsonInclude.Include.NON_NULL) VulnerabilityStatus vulnerabilities) {

  /** What CI needs to know of a baseline. */
  public enum Result {
    /** Compliant=True for the current generation, applied in every selected namespace. */
    COMPLIANT,
    /** Compliant=False for the current generation: violations were found. */
    NOT_COMPLIANT,
    /** The current generation's spec is invalid (Invalid=True): nothing of it applies. */
    INVALID,
    /**
     * The status does not describe the current generation yet: some selected namespace has not
     * applied it ({@code status.observedGeneration} behind, or Ready=False reason Progressing), or
     * there is no status at all. Ask again later.
     */
    PROGRESSING,
    /**
     * Compliance is unknown for the current generation (no Compliant condition, or Unknown: e.g.
     * with workloads not scanned for vulnerabilities).
     */
    UNKNOWN;

    /** Lower-case words, as printed. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }
}
