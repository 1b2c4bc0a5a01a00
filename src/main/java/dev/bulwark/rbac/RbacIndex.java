package dev.bulwark.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a changed RBAC object to the namespaces whose findings it can change, so the operator
 * re-analyzes only those. On an update, map both the old and the new object: a removed subject
 * affects the namespace it leaves. System bindings are mapped too; the analyzer ignores them.
 */
public final class RbacIndex {

  /** roleRef kind of a namespaced Role. */
  public static final String ROLE = "Role";

  /** roleRef kind of a ClusterRole. */
  public static final String CLUSTER_ROLE = "ClusterRole";

  private RbacIndex() {}

  /** The binding's own namespace plus the namespaces of its ServiceAccount subjects. */
  public static Set<String> namespacesAffectedBy(RoleBinding binding) {
    BindingView view = BindingView.of(binding);
    Set<String> namespaces = serviceAccountNamespaces(view.subjects(), view.namespace());
    if (view.namespace() != null) {
      namespaces.add(view.namespace());
    }
    return Collections.unmodifiableSet(namespaces);
  }

  /**
   * The namespaces of its ServiceAccount subjects (and X for a {@code system:serviceaccounts:X}
   * group); users and other groups belong to no namespace.
   */
  public static Set<String> namespacesAffectedBy(ClusterRoleBinding binding) {
    return Collections.unmodifiableSet(
        serviceAccountNamespaces(BindingView.of(binding).subjects(), null));
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

  private static Set<String> serviceAccountNamespaces(
      List<Subject> subjects, String bindingNamespace) {
    Set<String> namespaces = new TreeSet<>();
    for (Subject subject : subjects) {
      SubjectIdentity.serviceAccountNamespace(subject, bindingNamespace).ifPresent(namespaces::add);
    }
    return namespaces;
  }
}
