package dev.bulwark.operator.events;

/**
 * The reasons of the Events the operator records about SecurityBaselines (CamelCase, as Kubernetes'
 * own); the SealedSecret reasons are in {@code dev.bulwark.seal.UnsealOutcome}.
 */
public final class EventReasons {

  private EventReasons() {}

  /** The baseline's spec has problems; the message lists them. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** Another baseline selects some of the same namespaces. */
  public static final String CONFLICT = "Conflict";

  /** Owned objects in a namespace were put back or rewritten after a change by someone else. */
  public static final String DRIFT_REPAIRED = "DriftRepaired";

  /** A namespace's Pod Security enforcement became stricter; the message names pods it rejects. */
  public static final String ENFORCEMENT_TIGHTENED = "EnforcementTightened";

  /** The API server refused a write of an owned object (one series per object). */
  public static final String WRITE_REFUSED = "WriteRefused";

  /** Another field manager keeps changing an owned object back (one series per object). */
  public static final String FIELD_MANAGER_CONFLICT = "FieldManagerConflict";

  /** Generated ValidatingAdmissionPolicies or bindings were created, changed or deleted. */
  public static final String ADMISSION_POLICIES_WRITTEN = "AdmissionPoliciesWritten";

  /** The API server refused a write of a generated ValidatingAdmissionPolicy or binding. */
  public static final String ADMISSION_POLICY_WRITE_REFUSED = "AdmissionPolicyWriteRefused";

  /**
   * Images newly found above a baseline's vulnerability limit: warned about at admission now and
   * refused from the time named, with the existing workloads that use them.
   */
  public static final String VULNERABLE_IMAGES_PREVIEWED = "VulnerableImagesPreviewed";

  /** Another writer changed back values workload remediation set; the workload is left alone. */
  public static final String REMEDIATION_REVERTED = "RemediationReverted";

  /**
   * A generated admission policy's new content would refuse pods of existing workloads: the message
   * names them and when the policy starts denying (one Event series per baseline).
   */
  public static final String ADMISSION_PREVIEW = "AdmissionPreview";

  /** The spec has parts that cannot take effect (an exception the namespace labels make moot). */
  public static final String SPEC_WARNING = "SpecWarning";

  /** The API server refused a workload template write by remediation (one series per workload). */
  public static final String REMEDIATION_REFUSED = "RemediationRefused";
}
