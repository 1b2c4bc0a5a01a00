package dev.bulwark.rbac;

/**
 * Kubernetes' own bootstrap bindings, which exist on every cluster and are not the user's to fix;
 * ignoring them keeps a fresh cluster free of findings.
 *
 * <p>Ignored: any RoleBinding or ClusterRoleBinding whose own name starts with {@code system:} (the
 * prefix Kubernetes reserves for its bootstrap RBAC, e.g. {@code
 * system:controller:generic-garbage-collector}, or the RoleBinding {@code
 * system:controller:bootstrap-signer} in kube-system, which reads Secrets), except one that binds
 * the ClusterRole {@code cluster-admin}: Kubernetes creates none, so such a binding is always
 * reported.
 *
 * <p>Not ignored: user-created bindings whose subjects have {@code system:} names, such as the
 * groups {@code system:authenticated} or {@code system:serviceaccounts:team-a}; granting those too
 * much is a classic misconfiguration.
 */
final class SystemBindings {

  static final String RESERVED_PREFIX = "system:";

  private SystemBindings() {}

  static boolean isIgnored(BindingView binding) {
    return binding.name() != null
        && binding.name().startsWith(RESERVED_PREFIX)
        && !(CheckMatcher.CLUSTER_ROLE.equals(binding.roleKind())
            && CheckMatcher.CLUSTER_ADMIN.equals(binding.roleName()));
  }
}
