package dev.bulwark.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a changed RBAC object to the namespaces whose findings it can change, so the operator
 * re-analyzes only those. On an update, map both the old and the new object: a removed subject
 * affects the namespace it leaves. Bindings the analyzer ignores ({@link SystemBindings}) map to no
 * namespace: what makes them ignored, name and roleRef, cannot change.
 */
public final class RbacIndex {

  /** roleRef kind of a namespaced Role. */
  public static final String ROLE = "Role";

  /** roleRef kind of a ClusterRole. */
  public static final String CLUSTER_ROLE = "ClusterRole";

  private RbacIndex() {}

  /**
   * The binding's own namespace plus the namespaces of its ServiceAccount subjects; every namespace
   * when a subject stands for everyone (e.g. {@code system:serviceaccounts}).
   */
  public static AffectedNamespaces namespacesAffectedBy(RoleBinding binding) {
    BindingView view = BindingView.of(binding);
    if (SystemBindings.isIgnored(view)) {
      return AffectedNamespaces.NONE;
    }
    AffectedNamespaces subjects = subjectNamespaces(view.subjects(), view.namespace());
    return view.namespace() == null
        ? subjects
        : subjects.union(AffectedNamespaces.of(Set.of(view.namespace())));
  }

  /**
   * The namespaces of its ServiceAccount subjects (and X for a {@code system:serviceaccounts:X}
   * group), or every namespace when a subject stands for everyone; users and other groups belong to
   * no namespace (see {@link RbacAnalyzer#clusterFindings}).
   */
  public static AffectedNamespaces namespacesAffectedBy(ClusterRoleBinding binding) {
    BindingView view = BindingView.of(binding);
    if (SystemBindings.isIgnored(view)) {
      return AffectedNamespaces.NONE;
    }
    return subjectNamespaces(view.subjects(), null);
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

  private static AffectedNamespaces subjectNamespaces(
      List<Subject> subjects, String bindingNamespace) {
    Set<String> namespaces = new TreeSet<>();
    boolean everyNamespace = false;
    for (Subject subject : subjects) {
      everyNamespace |= SubjectIdentity.coversEveryNamespace(subject);
      SubjectIdentity.serviceAccountNamespace(subject, bindingNamespace).ifPresent(namespaces::add);
    }
    return new AffectedNamespaces(everyNamespace, namespaces);
  }
}
