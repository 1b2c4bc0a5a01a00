package dev.bulwark.rbac;

import static dev.bulwark.rbac.RbacObjects.rule;
import static dev.bulwark.rbac.RbacObjects.ruleWithNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuleGrantsTest {

  private static final List<String> CORE = List.of("");
  private static final List<String> ALL = List.of("*");
  private static final List<String> RBAC = List.of("rbac.authorization.k8s.io");

  static Stream<Arguments> rules() {
    return Stream.of(
        // description, rule, wildcard, readsAllSecrets, escalates
        arguments("read pods", rule(CORE, List.of("pods"), List.of("get", "list")), F, F, F),
        arguments("* verbs on configmaps", rule(CORE, List.of("configmaps"), ALL), T, F, F),
        arguments(
            "get on * resources in apps", rule(List.of("apps"), ALL, List.of("get")), T, F, F),
        arguments("* on *.*", rule(ALL, ALL, ALL), T, T, T),
        arguments("list on *.*", rule(ALL, ALL, List.of("list", "delete")), T, T, F),
        arguments("get secrets", rule(CORE, List.of("secrets"), List.of("get")), F, T, F),
        arguments("list secrets", rule(CORE, List.of("secrets"), List.of("list")), F, T, F),
        arguments("watch secrets", rule(CORE, List.of("secrets"), List.of("watch")), F, T, F),
        arguments("* verbs on secrets", rule(CORE, List.of("secrets"), ALL), T, T, F),
        arguments("get secrets in group *", rule(ALL, List.of("secrets"), List.of("get")), F, T, F),
        arguments(
            "write-only secrets",
            rule(CORE, List.of("secrets"), List.of("create", "update", "delete")),
            F,
            F,
            F),
        arguments(
            "get named secrets",
            ruleWithNames(CORE, List.of("secrets"), List.of("get", "list"), List.of("app-token")),
            F,
            F,
            F),
        arguments(
            "secrets in a non-core group",
            rule(List.of("example.com"), List.of("secrets"), List.of("get")),
            F,
            F,
            F),
        arguments(
            "get secrets/status only",
            rule(CORE, List.of("secrets/status"), List.of("get")),
            F,
            F,
            F),
        arguments("escalate roles", rule(RBAC, List.of("roles"), List.of("escalate")), F, F, T),
        arguments(
            "bind clusterroles", rule(RBAC, List.of("clusterroles"), List.of("bind")), F, F, T),
        arguments(
            "bind named clusterroles",
            ruleWithNames(RBAC, List.of("clusterroles"), List.of("bind"), List.of("view")),
            F,
            F,
            T),
        arguments("* verbs on clusterroles", rule(RBAC, List.of("clusterroles"), ALL), T, F, T),
        arguments("bind roles in group *", rule(ALL, List.of("roles"), List.of("bind")), F, F, T),
        arguments(
            "create rolebindings", rule(RBAC, List.of("rolebindings"), List.of("create")), F, F, F),
        arguments(
            "bind roles in apps",
            rule(List.of("apps"), List.of("roles"), List.of("bind")),
            F,
            F,
            F),
        arguments("get clusterroles", rule(RBAC, List.of("clusterroles"), List.of("get")), F, F, F),
        arguments(
            "impersonate users", rule(CORE, List.of("users"), List.of("impersonate")), F, F, T),
        arguments(
            "impersonate groups", rule(CORE, List.of("groups"), List.of("impersonate")), F, F, T),
        arguments(
            "impersonate serviceaccounts",
            rule(CORE, List.of("serviceaccounts"), List.of("impersonate")),
            F,
            F,
            T),
        arguments(
            "impersonate uids",
            rule(List.of("authentication.k8s.io"), List.of("uids"), List.of("impersonate")),
            F,
            F,
            T),
        arguments("* verbs on users", rule(CORE, List.of("users"), ALL), T, F, T),
        arguments("get users", rule(CORE, List.of("users"), List.of("get")), F, F, F),
        arguments("impersonate pods", rule(CORE, List.of("pods"), List.of("impersonate")), F, F, F),
        arguments("empty rule", new PolicyRule(), F, F, F),
        arguments(
            "get on nonResourceURLs *",
            new PolicyRuleBuilder().withNonResourceURLs("*").withVerbs("get").build(),
            F,
            F,
            F),
        arguments(
            "* verbs on nonResourceURLs",
            new PolicyRuleBuilder().withNonResourceURLs("/metrics").withVerbs("*").build(),
            T,
            F,
            F));
  }

  private static final boolean T = true;
  private static final boolean F = false;

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void classifiesRule(
      String description,
      PolicyRule rule,
      boolean wildcard,
      boolean readsAllSecrets,
      boolean escalates) {
    assertThat(RuleGrants.usesWildcard(rule)).as("usesWildcard").isEqualTo(wildcard);
    assertThat(RuleGrants.readsAllSecrets(rule)).as("readsAllSecrets").isEqualTo(readsAllSecrets);
    assertThat(RuleGrants.escalatesPrivileges(rule)).as("escalatesPrivileges").isEqualTo(escalates);
  }
}
