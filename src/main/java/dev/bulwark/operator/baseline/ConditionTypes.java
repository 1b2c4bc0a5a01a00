package dev.bulwark.operator.baseline;

/** Condition types of a SecurityBaseline's status. */
public final class ConditionTypes {

  /**
   * The spec was reconciled and every governed namespace's owned state is in sync (False with
   * reason Progressing while some selected namespace has not applied the current generation).
   */
  public static final String READY = "Ready";

  /**
   * No violations were found in the governed namespaces; Unknown (reason InvalidSpec) while the
   * spec is invalid, since nothing of it is applied or counted.
   */
  public static final String COMPLIANT = "Compliant";

  /** Some namespaces this baseline selects are governed by a higher-priority baseline. */
  public static final String CONFLICT = "Conflict";

  /** The spec failed semantic validation; nothing is applied for it. */
  public static final String INVALID = "Invalid";

  /**
   * Another writer keeps changing objects Bulwark owns back (reason FieldManagerConflict, naming
   * the field manager and the objects); Bulwark repairs them with backoff instead of fighting.
   */
  public static final String DEGRADED = "Degraded";

  /**
   * Present while workload remediation is on: True (reason ChangedBack) when another writer changed
   * remediated template values back; those workloads are named and no longer written.
   */
  public static final String REMEDIATION_REVERTED = "RemediationReverted";

  /**
   * Present while the baseline generates admission policies: True (reason GracePeriod) while some
   * policy's new content waits for its grace period before it denies existing workloads the message
   * names; False (AllDenying, or NotDenying in Audit mode and with action Warn) otherwise.
   */
  public static final String DENY_PENDING = "DenyPending";

  /**
   * True (reason ExceptionNotEnforceable) when the spec has parts that are accepted but cannot take
   * effect, such as an exception for a Pod Security check in Enforce mode; the message names each
   * field and what to do instead. The rest of the spec applies.
   */
  public static final String SPEC_WARNINGS = "SpecWarnings";

  /**
   * Present while workload remediation is on: True (reason WriteRefused) while the API server
   * refuses some template write, naming the workloads and its messages; retried with backoff.
   */
  public static final String REMEDIATION_REFUSED = "RemediationRefused";

  /**
   * True while NetworkPolicies that Bulwark did not write reopen a direction the baseline denies
   * (reason Found; the message names them, the ones a Deny binding will refuse to change); False
   * with reason NoneFound, or NotChecked when tenantPolicies.action is Allow or nothing is denied.
   */
  public static final String TENANT_POLICIES_REOPEN = "TenantPoliciesReopen";

  private ConditionTypes() {}
}
