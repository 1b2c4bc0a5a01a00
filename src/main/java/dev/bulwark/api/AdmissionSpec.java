package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How a baseline's own checks are enforced inside the API server, without webhooks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AdmissionSpec {

  /** Longest grace period a baseline may ask for: 30 days. */
  public static final int MAX_GRACE_PERIOD_SECONDS = 30 * 24 * 3600;

  @JsonPropertyDescription(
      "Generate one ValidatingAdmissionPolicy (and its binding) per Bulwark check this baseline"
          + " enables, over Pods and workload pod templates in the namespaces it governs. Enforce"
          + " mode denies violating objects (see action); Audit mode only warns and writes audit"
          + " annotations. Active exceptions are match conditions of the policies. false: none are"
          + " generated (and those generated before are removed).")
  @Default("true")
  public boolean validatingPolicies = true;

  @JsonPropertyDescription(
      "Deny (default) or Warn, in Enforce mode. Deny never starts by surprise: whenever a change"
          + " (a new baseline, a new check, Audit to Enforce, a namespace newly governed, an"
          + " exception expiring) would make a check's policy refuse pods of existing workloads or"
          + " bare pods, Bulwark first names them in status.admissionPreview and in one"
          + " AdmissionPreview Event; the check's policy keeps what it did before (a new policy"
          + " only warns) until gracePeriodSeconds after that preview was published, then denies."
          + " A change that newly refuses nothing existing applies at once. Warn: the policies"
          + " only warn and annotate the audit log, for as long as you like.")
  @Default("Deny")
  public AdmissionAction action = AdmissionAction.Deny;

  @JsonPropertyDescription(
      "Seconds between the first publication of a preview naming existing workloads a check's new"
          + " policy would refuse and the moment it starts refusing them. Absent: the operator's"
          + " default (10 minutes unless started with --timing admissionGrace=...). 0: deny as"
          + " soon as the preview is in status. Objects an expiring exception covers are named"
          + " (from its expiry) as soon as Bulwark sees the exception, so the expiry takes effect"
          + " at its time without a further grace period.")
  @Min(0)
  @Max(MAX_GRACE_PERIOD_SECONDS)
  public Integer gracePeriodSeconds;
}
