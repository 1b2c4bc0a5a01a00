package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** How a baseline's own checks are enforced inside the API server, without webhooks. */
public class AdmissionSpec {

  @JsonPropertyDescription(
      "Generate one ValidatingAdmissionPolicy (and its binding) per Bulwark check this baseline"
          + " enables, over Pods and workload pod templates in the namespaces it governs. Enforce"
          + " mode denies violating objects; Audit mode only warns and writes audit annotations."
          + " Active exceptions are match conditions of the policies. false: none are generated"
          + " (and those generated before are removed).")
  @Default("true")
  public boolean validatingPolicies = true;
}
