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
}
