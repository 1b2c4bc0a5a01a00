package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Bulwark's own workload checks that a baseline turns on. */
public class WorkloadsSpec {

  @JsonPropertyDescription("Report containers without securityContext.readOnlyRootFilesystem=true.")
  @Default("false")
  public boolean readOnlyRootFilesystem;

  @JsonPropertyDescription("Report long-running workloads without liveness and readiness probes.")
  @Default("false")
  public boolean requireProbes;

  @JsonPropertyDescription(
      "Report pods that do not set automountServiceAccountToken=false (the token stays unmounted"
          + " even if the ServiceAccount later allows it).")
  @Default("false")
  public boolean requireTokenAutomountDisabled;

  @JsonPropertyDescription("Report pods that run as the namespace's default ServiceAccount.")
  @Default("false")
  public boolean forbidDefaultServiceAccount;
}
