package dev.bulwark.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a changed RBAC object to the namespaces whose findings it can change, so the operator
 * re-analyzes only those: a RoleBinding's own namespace, a ClusterRoleBinding's service-account
 * namespaces. On an update, map both the old and the new object: a removed subject affects the
 * namespace it leaves. Bindings the analyzer ignores ({@link SystemBindings}) map to no namespace:
 * what makes them ignored, name and roleRef, cannot change.
 */
public final class RbacIndex {

  /** roleRef kind of a namespaced Role. */
  public static final String ROLE = "Role";

  /** roleRef kind of a ClusterRole. */
  public static final String CLUSTER_ROLE = "ClusterRole";

  private RbacIndex() {}

  /**
   * The binding's own namespace: a RoleBinding grants only there, whoever its subjects are (a
   * RoleBinding to {@code system:authenticated} in namespace A gives everyone rights in A, not in
   * B).
   */
  public static AffectedNamespaces namespacesAffectedBy(RoleBinding binding) {
    BindingView view = BindingView.of(binding);
    if (SystemBindings.isIgnored(view) || view.namespace() == null) {
      return AffectedNamespaces.NONE;
    }
    return AffectedNamespaces.of(Set.of(view.namespace()));
  }

  /**
   * The namespaces of its ServiceAccount subjects (and X for a {@code system:serviceaccounts:X}
   * group): the namespaces whose identities hold what it grants everywhere. Users, other groups and
   * the groups of everyone belong to no namespace: such grants are cluster-level findings, reported
   * once per cluster (see {@link RbacAnalyzer#clusterFindings}).
   */
  public static AffectedNamespaces namespacesAffectedBy(ClusterRoleBinding binding) {
    BindingView view = BindingView.of(binding);
    if (SystemBindings.isIgnored(view)) {
      return AffectedNamespaces.NONE;
    }
    Set<String> namespaces = new TreeSet<>();
    for (Subject subject : view.subjects()) {
      SubjectIdentity.serviceAccountNamespace(subject, null).ifPresent(namespaces::add);
    }
    return AffectedNamespaces.of(namespaces);
  }

  /**
   * The bindings whose roleRef is the given role. {@code roleKind} is {@link #ROLE} or {@link
   * #CLUSTER_ROLE}; {@code roleNamespace} matters only for a Role.
   */
  public static ReferencingBindings bindingsReferencing(
      String roleKind, String roleNamespace, String roleName, RbacSnapshot snapshot) {
    List<RoleBinding> roleBindings =
        snapshot.roleBindingsReferencing(roleKind, roleNamespace, roleName);
    List<ClusterRoleBinding> clusterRoleBindings =
        CLUSTER_ROLE.equals(roleKind)
            ? snapshot.clusterRoleBindingsReferencing(roleName)
            : List.of();
    return new ReferencingBindings(roleBindings, clusterRoleBindings);
  }
}
