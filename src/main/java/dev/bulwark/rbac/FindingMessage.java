package dev.bulwark.rbac;

import dev.bulwark.text.BoundedText;

/**
 * Builds the one-line message of a finding, e.g. for an Event or a status violation. Binding, role
 * and subject names are anyone's choice (RBAC names have no length limit), so each is cut to {@link
 * BoundedText#VALUE} bytes.
 */
final class FindingMessage {

  private FindingMessage() {}

  /** E.g. {@code ClusterRoleBinding "ci-admin" grants cluster-admin to ServiceAccount a/ci}. */
  static String of(RbacCheck check, BindingView binding, String subjectName) {
    String prefix = bindingName(binding) + " grants ";
    String subject = BoundedText.value(subjectName);
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
    String name = binding.kind() + " \"" + BoundedText.value(binding.name()) + "\"";
    return binding.namespace() == null ? name : name + " in namespace " + binding.namespace();
  }

  private static String role(BindingView binding) {
    return binding.roleKind() + " \"" + BoundedText.value(binding.roleName()) + "\"";
  }

  private static String scope(BindingView binding) {
    return binding.namespace() == null
        ? "in every namespace"
        : "in namespace " + binding.namespace();
  }
}
