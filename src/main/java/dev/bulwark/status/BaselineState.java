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
 *     baseline's current generation
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
    /** Compliant=True for the current generation. */
    COMPLIANT,
    /**
     * Compliant=False: violations were found. (Compliant=Unknown, e.g. with workloads not scanned
     * for vulnerabilities, is {@link #UNKNOWN}.)
     */
    NOT_COMPLIANT,
    /** No status for the current generation yet (the operator has not caught up, or is down). */
    UNKNOWN;

    /** Lower-case words, as printed. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }
}
