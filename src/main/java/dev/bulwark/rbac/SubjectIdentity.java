package dev.bulwark.rbac;

import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.Map;
import java.util.Optional;

/**
 * Names a binding subject and tells whose identities it stands for: the service accounts of one
 * namespace, everyone in every namespace, or no namespace at all (users and other groups).
 *
 * <p>The group names are Kubernetes' built-in ones (kubernetes.io/docs/reference/access-authn-authz
 * /rbac/#referring-to-subjects and /authentication/#anonymous-requests): every service account is
 * in {@code system:serviceaccounts} and {@code system:serviceaccounts:<namespace>}, every
 * authenticated request in {@code system:authenticated}, every anonymous one (user {@code
 * system:anonymous}) in {@code system:unauthenticated}, and {@code system:masters} bypasses RBAC.
 */
final class SubjectIdentity {

  static final String SERVICE_ACCOUNT = "ServiceAccount";
  static final String GROUP = "Group";
  static final String USER = "User";

  /** Kubernetes puts every service account of namespace X in the group with this prefix + X. */
  static final String SERVICE_ACCOUNTS_GROUP_PREFIX = "system:serviceaccounts:";

  /** Group of every service account of every namespace. */
  static final String ALL_SERVICE_ACCOUNTS = "system:serviceaccounts";

  /** Group of every authenticated user, service accounts included. */
  static final String AUTHENTICATED = "system:authenticated";

  /** Group of every anonymous request, which any pod of any namespace can make. */
  static final String UNAUTHENTICATED = "system:unauthenticated";

  /** User name of an anonymous request. */
  static final String ANONYMOUS = "system:anonymous";

  /** Superuser group: its members pass every authorization check, so a binding adds nothing. */
  static final String MASTERS = "system:masters";

  /** Who the cluster-wide groups stand for, added to messages so the blast radius is plain. */
  private static final Map<String, String> EVERYONE_GROUPS =
      Map.of(
          ALL_SERVICE_ACCOUNTS, "every service account in every namespace",
          AUTHENTICATED, "every authenticated user and service account",
          UNAUTHENTICATED, "every anonymous request");

  private SubjectIdentity() {}

  /** Stable id used in findings: {@code ServiceAccount:ns/name}, {@code User:alice}. */
  static String id(Subject subject, String bindingNamespace) {
    return subject.getKind() + ":" + qualifiedName(subject, bindingNamespace);
  }

  /**
   * Readable form used in messages: {@code ServiceAccount team-a/deployer}, {@code User alice},
   * {@code Group system:authenticated (every authenticated user and service account)}.
   */
  static String describe(Subject subject, String bindingNamespace) {
    String described = subject.getKind() + " " + qualifiedName(subject, bindingNamespace);
    if (GROUP.equals(subject.getKind()) && EVERYONE_GROUPS.containsKey(subject.getName())) {
      return described + " (" + EVERYONE_GROUPS.get(subject.getName()) + ")";
    }
    if (USER.equals(subject.getKind()) && ANONYMOUS.equals(subject.getName())) {
      return described + " (every anonymous request)";
    }
    return described;
  }

  /** True for the group {@code system:masters}, whose members RBAC never restricts. */
  static boolean isSuperuserGroup(Subject subject) {
    return GROUP.equals(subject.getKind()) && MASTERS.equals(subject.getName());
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

  /**
   * True for a subject no one namespace owns: a user or group that does not stand for one
   * namespace's service accounts (the groups of everyone included), and is not {@code
   * system:masters}. Bound by a ClusterRoleBinding, such a subject is reported once per cluster.
   */
  static boolean ownedByNoNamespace(Subject subject) {
    return (USER.equals(subject.getKind()) || GROUP.equals(subject.getKind()))
        && !isSuperuserGroup(subject)
        && serviceAccountNamespace(subject, null).isEmpty();
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
