package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator last observed for a baseline; bounded in size however large the cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecurityBaselineStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready, Compliant, Conflict and Invalid, in the metav1.Condition shape.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("How many namespaces this baseline governs, and how many comply.")
  public NamespaceCounts namespaces = new NamespaceCounts();

  @JsonPropertyDescription("Violations found in governed namespaces.")
  public ViolationSummary violations = new ViolationSummary();

  @JsonPropertyDescription("Exceptions in force and those past their expiry.")
  public ExceptionStatus exceptions = new ExceptionStatus();

  @JsonPropertyDescription("Owned objects or labels found changed or deleted and put back.")
  public DriftStatus drift = new DriftStatus();

  @JsonPropertyDescription(
      "Per governed namespace, the warnings the API server gave when this baseline last tightened"
          + " its Pod Security enforcement: existing pods the new level rejects (bounded: a few per"
          + " namespace, at most 100 in all).")
  public List<EnforcementWarning> enforcementWarnings = new ArrayList<>();

  @JsonPropertyDescription(
      "Existing workloads and bare pods the generated admission policies refuse or would refuse,"
          + " and each policy's way to Deny (see spec.admission.action); absent while no policy is"
          + " generated.")
  public AdmissionPreviewStatus admissionPreview;

  @JsonPropertyDescription(
      "Workload template remediation (spec.defaults.remediateWorkloads); absent when it is off.")
  public RemediationStatus remediation;

  @JsonPropertyDescription(
      "The imageVulnerabilities check (spec.images.vulnerabilities); absent when it is off.")
  public VulnerabilityStatus vulnerabilities;

  @Override
  public boolean equals(Object o) {
    return o instanceof SecurityBaselineStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(namespaces, s.namespaces)
        && Objects.equals(violations, s.violations)
        && Objects.equals(exceptions, s.exceptions)
        && Objects.equals(drift, s.drift)
        && Objects.equals(enforcementWarnings, s.enforcementWarnings)
        && Objects.equals(admissionPreview, s.admissionPreview)
        && Objects.equals(remediation, s.remediation)
        && Objects.equals(vulnerabilities, s.vulnerabilities);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration,
        conditions,
        namespaces,
        violations,
        exceptions,
        drift,
        enforcementWarnings,
        admissionPreview,
        remediation,
        vulnerabilities);
  }
}
