package dev.bulwark.rbac;

import java.util.Arrays;
import java.util.Optional;

/**
 * The dangerous RBAC patterns a baseline can forbid; the constant names are the check ids used in
 * {@code spec.rbac.forbid}, so they must never be renamed.
 */
public enum RbacCheck {
  /**
   * Binding the ClusterRole cluster-admin gives full control, so it must be a deliberate choice.
   */
  ClusterAdminBinding(
      Severity.CRITICAL,
      "5.1.1",
      "Bind a narrowly scoped Role instead of cluster-admin; keep cluster-admin for break-glass"
          + " accounts."),
  /** A {@code *} in verbs or resources silently grants every future verb and resource too. */
  WildcardRules(
      Severity.HIGH,
      "5.1.3",
      "Replace * in verbs and resources with the explicit verbs and resources the subject needs."),
  /** Reading every Secret exposes all credentials, including service account tokens. */
  SecretsReadAll(
      Severity.HIGH,
      "5.1.2",
      "Drop get/list/watch on secrets, or restrict the rule with resourceNames to the Secrets"
          + " needed."),
  /** escalate, bind and impersonate let a subject grant itself any permission. */
  EscalateBindImpersonate(
      Severity.CRITICAL,
      "5.1.8",
      "Remove escalate and bind on roles/clusterroles and impersonate on users, groups,"
          + " serviceaccounts and uids.");

  private final Severity severity;
  private final String cisControl;
  private final String remediation;

  RbacCheck(Severity severity, String cisControl, String remediation) {
    this.severity = severity;
    this.cisControl = cisControl;
    this.remediation = remediation;
  }

  /** How urgent a finding of this check is. */
  public Severity severity() {
    return severity;
  }

  /** CIS Kubernetes Benchmark v1.9 control this check implements, e.g. {@code 5.1.1}. */
  public String cisControl() {
    return cisControl;
  }

  /** One-line hint on how to fix a finding. */
  public String remediation() {
    return remediation;
  }

  /**
   * The check with this id, or empty for an id a baseline spec got wrong (validation reports it).
   */
  public static Optional<RbacCheck> byId(String id) {
    return Arrays.stream(values()).filter(check -> check.name().equals(id)).findFirst();
  }
}
