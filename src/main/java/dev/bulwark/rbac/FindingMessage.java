package dev.bulwark.rbac;

/** Builds the one-line message of a finding, e.g. for an Event or a status violation. */
final class FindingMessage {

  private FindingMessage() {}

  /** E.g. {@code ClusterRoleBinding "ci-admin" grants cluster-admin to ServiceAccount a/ci}. */
  static String of(RbacCheck check, BindingView binding, String subject) {
    String prefix = bindingName(binding) + " grants ";
    return switch (check) {
      case ClusterAdminBinding -> prefix + "cluster-admin to " + subject;
      case WildcardRules ->
          prefix + role(binding) + " to " + subject + ", whose rules use * in verbs or resources";
      case SecretsReadAll ->
          prefix
              + role(binding)
              + " to "
              + subject
              + ", which can read all Secrets "
              + scope(binding);
      case EscalateBindImpersonate ->
          prefix
              + role(binding)
              + " to "
              + subject
              + ", which can escalate, bind or impersonate to gain any permission";
    };
  }

  private static String bindingName(BindingView binding) {
    String name = binding.kind() + " \"" + binding.name() + "\"";
    return binding.namespace() == null ? name : name + " in namespace " + binding.namespace();
  }

  private static String role(BindingView binding) {
    return binding.roleKind() + " \"" + binding.roleName() + "\"";
  }

  private static String scope(BindingView binding) {
    return binding.namespace() == null
        ? "in every namespace"
        : "in namespace " + binding.namespace();
  }
}
