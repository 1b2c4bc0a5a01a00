package dev.bulwark.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;

/**
 * The bindings that use one Role or ClusterRole, so a role change can be traced to namespaces.
 *
 * @param roleBindings RoleBindings whose roleRef is the role
 * @param clusterRoleBindings ClusterRoleBindings whose roleRef is the role (ClusterRoles only)
 */
public record ReferencingBindings(
    List<RoleBinding> roleBindings, List<ClusterRoleBinding> clusterRoleBindings) {

  public ReferencingBindings {
    roleBindings = List.copyOf(roleBindings);
    clusterRoleBindings = List.copyOf(clusterRoleBindings);
  }

  /** Every namespace these bindings affect: the namespaces to re-analyze after the role changed. */
  public AffectedNamespaces affectedNamespaces() {
    AffectedNamespaces namespaces = AffectedNamespaces.NONE;
    for (RoleBinding binding : roleBindings) {
      namespaces = namespaces.union(RbacIndex.namespacesAffectedBy(binding));
    }
    for (ClusterRoleBinding binding : clusterRoleBindings) {
      namespaces = namespaces.union(RbacIndex.namespacesAffectedBy(binding));
    }
    return namespaces;
  }
}
