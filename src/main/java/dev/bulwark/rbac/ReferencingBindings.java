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
    // One set for all (a pairwise union copied the set per binding: quadratic in the bindings of
    // a role such as "view", bound in every namespace; a fifth of the CPU at start, issue 24).
    java.util.Set<String> named = new java.util.TreeSet<>();
    boolean every = false;
    for (RoleBinding binding : roleBindings) {
      AffectedNamespaces affected = RbacIndex.namespacesAffectedBy(binding);
      every |= affected.everyNamespace();
      named.addAll(affected.named());
    }
    for (ClusterRoleBinding binding : clusterRoleBindings) {
      AffectedNamespaces affected = RbacIndex.namespacesAffectedBy(binding);
      every |= affected.everyNamespace();
      named.addAll(affected.named());
    }
    return new AffectedNamespaces(every, named);
  }
}
