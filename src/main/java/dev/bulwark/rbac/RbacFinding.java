package dev.bulwark.rbac;

import java.util.Comparator;

/**
 * One subject of one binding tripping one check, as seen from the affected namespace.
 *
 * @param check the check tripped; its name is the check id
 * @param namespace the namespace this finding affects (the one analyzed); null for a cluster-level
 *     finding (a user or group no namespace owns, see {@link RbacAnalyzer#clusterFindings})
 * @param bindingKind {@code RoleBinding} or {@code ClusterRoleBinding}
 * @param bindingNamespace the RoleBinding's namespace; null for a ClusterRoleBinding
 * @param bindingName the binding's name
 * @param roleKind {@code Role} or {@code ClusterRole}, from the binding's roleRef
 * @param roleName the bound role's name
 * @param subject {@code ServiceAccount:ns/name}, {@code User:alice} or {@code Group:devs}
 * @param message one readable line naming binding, role, subject and why
 * @param severity how urgent the finding is
 * @param remediation one-line fix hint
 */
public record RbacFinding(
    RbacCheck check,
    String namespace,
    String bindingKind,
    String bindingNamespace,
    String bindingName,
    String roleKind,
    String roleName,
    String subject,
    String message,
    Severity severity,
    String remediation) {

  /** Status and reports must not churn between reconciles, so findings have one fixed order. */
  public static final Comparator<RbacFinding> ORDER =
      Comparator.comparing(RbacFinding::check)
          .thenComparing(RbacFinding::bindingKind)
          .thenComparing(
              RbacFinding::bindingNamespace, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(RbacFinding::bindingName)
          .thenComparing(RbacFinding::subject);
}
