package dev.bulwark.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;

/** What a single PolicyRule allows; the rule-based checks are built from these predicates. */
final class RuleGrants {

  static final String ALL = "*";
  static final String CORE_GROUP = "";
  static final String RBAC_GROUP = "rbac.authorization.k8s.io";
  static final String AUTHENTICATION_GROUP = "authentication.k8s.io";

  private RuleGrants() {}

  /**
   * {@code *} in verbs or resources (which covers apiGroups {@code *} with resources {@code *}).
   */
  static boolean usesWildcard(PolicyRule rule) {
    return contains(rule.getVerbs(), ALL) || contains(rule.getResources(), ALL);
  }

  /** Read access to secrets in the core group that resourceNames does not narrow down. */
  static boolean readsAllSecrets(PolicyRule rule) {
    return allowsAnyVerb(rule, "get", "list", "watch")
        && appliesTo(rule, CORE_GROUP, "secrets")
        && isEmpty(rule.getResourceNames());
  }

  /**
   * escalate/bind on roles or clusterroles, or impersonate on identities. resourceNames does not
   * make these safe: binding or impersonating even one privileged name is enough to escalate.
   */
  static boolean escalatesPrivileges(PolicyRule rule) {
    boolean escalateOrBind =
        allowsAnyVerb(rule, "escalate", "bind")
            && (appliesTo(rule, RBAC_GROUP, "roles")
                || appliesTo(rule, RBAC_GROUP, "clusterroles"));
    boolean impersonate =
        allowsAnyVerb(rule, "impersonate")
            && (appliesTo(rule, CORE_GROUP, "users")
                || appliesTo(rule, CORE_GROUP, "groups")
                || appliesTo(rule, CORE_GROUP, "serviceaccounts")
                || appliesTo(rule, AUTHENTICATION_GROUP, "uids"));
    return escalateOrBind || impersonate;
  }

  private static boolean allowsAnyVerb(PolicyRule rule, String... verbs) {
    if (contains(rule.getVerbs(), ALL)) {
      return true;
    }
    for (String verb : verbs) {
      if (contains(rule.getVerbs(), verb)) {
        return true;
      }
    }
    return false;
  }

  private static boolean appliesTo(PolicyRule rule, String apiGroup, String resource) {
    return (contains(rule.getApiGroups(), apiGroup) || contains(rule.getApiGroups(), ALL))
        && (contains(rule.getResources(), resource) || contains(rule.getResources(), ALL));
  }

  private static boolean contains(List<String> values, String value) {
    return values != null && values.contains(value);
  }

  private static boolean isEmpty(List<String> values) {
    return values == null || values.isEmpty();
  }
}
