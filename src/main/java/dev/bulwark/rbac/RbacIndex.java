package dev.bulwark.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
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
   * The bindings out of {@code roleBindings} and {@code clusterRoleBindings} whose roleRef is the
   * given role (ClusterRoleBindings only for a ClusterRole), as a snapshot's index would give them,
   * without building one: an informer's mapper asks this once per role event. {@code roleKind} is
   * {@link #ROLE} or {@link #CLUSTER_ROLE}; {@code roleNamespace} matters only for a Role.
   */
  public static ReferencingBindings bindingsReferencing(
      String roleKind,
      String roleNamespace,
      String roleName,
      Collection<RoleBinding> roleBindings,
      Collection<ClusterRoleBinding> clusterRoleBindings) {
    // The same selection as a snapshot's index, without building the index for one look-up.
    String namespace = ROLE.equals(roleKind) ? roleNamespace : null;
    List<RoleBinding> byRole = new ArrayList<>();
    for (RoleBinding binding : roleBindings) {
      if (named(binding)) {
        BindingView view = BindingView.of(binding);
        if (Objects.equals(view.roleKind(), roleKind)
            && Objects.equals(view.roleName(), roleName)
            && Objects.equals(ROLE.equals(view.roleKind()) ? view.namespace() : null, namespace)) {
          byRole.add(binding);
        }
      }
    }
    List<ClusterRoleBinding> clusterByRole = new ArrayList<>();
    if (CLUSTER_ROLE.equals(roleKind)) {
      for (ClusterRoleBinding binding : clusterRoleBindings) {
        if (named(binding) && Objects.equals(BindingView.of(binding).roleName(), roleName)) {
          clusterByRole.add(binding);
        }
      }
    }
    return new ReferencingBindings(byRole, clusterByRole);
  }

  private static boolean named(HasMetadata object) {
    return object != null && object.getMetadata() != null && object.getMetadata().getName() != null;
  }

  /**
   * The bindings whose roleRef is the given role, from the snapshot's index. {@code roleKind} is
   * {@link #ROLE} or {@link #CLUSTER_ROLE}; {@code roleNamespace} matters only for a Role.
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
