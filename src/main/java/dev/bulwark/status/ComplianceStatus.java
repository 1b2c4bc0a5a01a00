package dev.bulwark.status;

import java.util.List;

/**
 * What {@code bulwark status} prints: the selected baselines, the namespaces they govern, and (with
 * {@code --cis}) their violations by CIS control; null parts are left out of JSON and YAML.
 */
@com.fasterxml.jackson.annotation.JsonInclude(
    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record ComplianceStatus(
    List<BaselineState> baselines, List<NamespaceState> namespaces, List<CisControlCount> cis) {

  /** Whether every selected baseline is compliant, the condition of exit code 0. */
  public boolean allCompliant() {
    return baselines.stream().allMatch(b -> b.result() == BaselineState.Result.COMPLIANT);
  }

  /**
   * The result for CI over all selected baselines: {@code NOT_COMPLIANT} when any is not compliant,
   * invalid or unknown (a definite failure, whatever the others); else {@code PROGRESSING} when any
   * still progresses; else {@code COMPLIANT}.
   */
  public BaselineState.Result overall() {
    if (baselines.stream()
        .map(BaselineState::result)
        .anyMatch(
            r ->
                r == BaselineState.Result.NOT_COMPLIANT
                    || r == BaselineState.Result.INVALID
                    || r == BaselineState.Result.UNKNOWN)) {
      return BaselineState.Result.NOT_COMPLIANT;
    }
    return allCompliant() ? BaselineState.Result.COMPLIANT : BaselineState.Result.PROGRESSING;
  }
}
