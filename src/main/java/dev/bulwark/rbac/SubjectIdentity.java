package dev.bulwark.rbac;

import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.Optional;

/** Names a binding subject and tells which namespace's service accounts it stands for. */
final class SubjectIdentity {

  static final String SERVICE_ACCOUNT = "ServiceAccount";
  static final String GROUP = "Group";

  /** Kubernetes puts every service account of namespace X in the group with this prefix + X. */
  static final String SERVICE_ACCOUNTS_GROUP_PREFIX = "system:serviceaccounts:";

  private SubjectIdentity() {}

  /** Stable id used in findings: {@code ServiceAccount:ns/name}, {@code User:alice}. */
  static String id(Subject subject, String bindingNamespace) {
    return subject.getKind() + ":" + qualifiedName(subject, bindingNamespace);
  }

  /** Readable form used in messages: {@code ServiceAccount team-a/deployer}, {@code User alice}. */
  static String describe(Subject subject, String bindingNamespace) {
    return subject.getKind() + " " + qualifiedName(subject, bindingNamespace);
  }

  /**
   * The namespace whose service accounts this subject covers: a ServiceAccount's namespace
   * (defaulting to the RoleBinding's own, as kubectl does), or X for the group {@code
   * system:serviceaccounts:X}. Empty for users, other groups, and service accounts of unknown
   * namespace.
   */
  static Optional<String> serviceAccountNamespace(Subject subject, String bindingNamespace) {
    if (SERVICE_ACCOUNT.equals(subject.getKind())) {
      return Optional.ofNullable(serviceAccountNamespaceOrDefault(subject, bindingNamespace));
    }
    String name = subject.getName();
    if (GROUP.equals(subject.getKind())
        && name != null
        && name.startsWith(SERVICE_ACCOUNTS_GROUP_PREFIX)) {
      String namespace = name.substring(SERVICE_ACCOUNTS_GROUP_PREFIX.length());
      return namespace.isEmpty() || namespace.contains(":")
          ? Optional.empty()
          : Optional.of(namespace);
    }
    return Optional.empty();
  }

  private static String qualifiedName(Subject subject, String bindingNamespace) {
    if (SERVICE_ACCOUNT.equals(subject.getKind())) {
      String namespace = serviceAccountNamespaceOrDefault(subject, bindingNamespace);
      return namespace == null ? subject.getName() : namespace + "/" + subject.getName();
    }
    return subject.getName();
  }

  private static String serviceAccountNamespaceOrDefault(Subject subject, String bindingNamespace) {
    String namespace = subject.getNamespace();
    return namespace == null || namespace.isEmpty() ? bindingNamespace : namespace;
  }
}
