package dev.bulwark.rbac;

import static dev.bulwark.rbac.RbacCheck.ClusterAdminBinding;
import static dev.bulwark.rbac.RbacCheck.EscalateBindImpersonate;
import static dev.bulwark.rbac.RbacCheck.SecretsReadAll;
import static dev.bulwark.rbac.RbacCheck.WildcardRules;
import static dev.bulwark.rbac.RbacObjects.aggregatedClusterRole;
import static dev.bulwark.rbac.RbacObjects.clusterRole;
import static dev.bulwark.rbac.RbacObjects.clusterRoleBinding;
import static dev.bulwark.rbac.RbacObjects.group;
import static dev.bulwark.rbac.RbacObjects.role;
import static dev.bulwark.rbac.RbacObjects.roleBinding;
import static dev.bulwark.rbac.RbacObjects.rule;
import static dev.bulwark.rbac.RbacObjects.ruleWithNames;
import static dev.bulwark.rbac.RbacObjects.serviceAccount;
import static dev.bulwark.rbac.RbacObjects.snapshot;
import static dev.bulwark.rbac.RbacObjects.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RbacAnalyzerTest {

  private static final Set<RbacCheck> ALL_CHECKS = EnumSet.allOf(RbacCheck.class);
  private static final List<String> CORE = List.of("");
  private static final List<String> RBAC = List.of("rbac.authorization.k8s.io");

  private static final ClusterRole CLUSTER_ADMIN =
      clusterRole(
          "cluster-admin",
          rule(List.of("*"), List.of("*"), List.of("*")),
          new PolicyRuleBuilder().withNonResourceURLs("*").withVerbs("*").build());
  private static final ClusterRole SECRET_READER =
      clusterRole("secret-reader", rule(CORE, List.of("secrets"), List.of("get", "list")));
  private static final ClusterRole POD_READER =
      clusterRole("pod-reader", rule(CORE, List.of("pods"), List.of("get", "list", "watch")));
  private static final ClusterRole ROLE_BINDER =
      clusterRole("role-binder", rule(RBAC, List.of("clusterroles"), List.of("bind")));

  // ---- each check, positive and negative, including aggregated and missing roles ----

  static Stream<Arguments> boundRoles() {
    var deployer = serviceAccount("team-a", "deployer");
    return Stream.of(
        arguments(
            "CRB to cluster-admin trips every check",
            List.of(CLUSTER_ADMIN, clusterRoleBinding("ci-admin", "cluster-admin", deployer)),
            EnumSet.allOf(RbacCheck.class)),
        arguments(
            "CRB to cluster-admin missing from the snapshot still counts by name",
            List.of(clusterRoleBinding("ci-admin", "cluster-admin", deployer)),
            EnumSet.of(ClusterAdminBinding)),
        arguments(
            "RoleBinding to ClusterRole cluster-admin",
            List.of(
                CLUSTER_ADMIN,
                roleBinding("team-a", "admins", "ClusterRole", "cluster-admin", user("alice"))),
            EnumSet.allOf(RbacCheck.class)),
        arguments(
            "a Role merely named cluster-admin is not the ClusterRole",
            List.of(
                role("team-a", "cluster-admin", rule(CORE, List.of("pods"), List.of("get"))),
                roleBinding("team-a", "admins", "Role", "cluster-admin", user("alice"))),
            EnumSet.noneOf(RbacCheck.class)),
        arguments(
            "ClusterRole reading secrets",
            List.of(
                SECRET_READER,
                roleBinding("team-a", "read", "ClusterRole", "secret-reader", user("alice"))),
            EnumSet.of(SecretsReadAll)),
        arguments(
            "Role reading secrets",
            List.of(
                role("team-a", "secrets", rule(CORE, List.of("secrets"), List.of("watch"))),
                roleBinding("team-a", "read", "Role", "secrets", user("alice"))),
            EnumSet.of(SecretsReadAll)),
        arguments(
            "Role reading named secrets only",
            List.of(
                role(
                    "team-a",
                    "secrets",
                    ruleWithNames(CORE, List.of("secrets"), List.of("get"), List.of("app-tls"))),
                roleBinding("team-a", "read", "Role", "secrets", user("alice"))),
            EnumSet.noneOf(RbacCheck.class)),
        arguments(
            "Role of the same name in another namespace does not count",
            List.of(
                role("team-b", "secrets", rule(CORE, List.of("secrets"), List.of("get"))),
                roleBinding("team-a", "read", "Role", "secrets", user("alice"))),
            EnumSet.noneOf(RbacCheck.class)),
        arguments(
            "Role with * verbs on configmaps",
            List.of(
                role("team-a", "cm-admin", rule(CORE, List.of("configmaps"), List.of("*"))),
                roleBinding("team-a", "cm", "Role", "cm-admin", group("devs"))),
            EnumSet.of(WildcardRules)),
        arguments(
            "ClusterRole allowing bind on clusterroles",
            List.of(ROLE_BINDER, clusterRoleBinding("binder", "role-binder", deployer)),
            EnumSet.of(EscalateBindImpersonate)),
        arguments(
            "ClusterRole allowing impersonation of service accounts",
            List.of(
                clusterRole(
                    "impersonator", rule(CORE, List.of("serviceaccounts"), List.of("impersonate"))),
                clusterRoleBinding("imp", "impersonator", deployer)),
            EnumSet.of(EscalateBindImpersonate)),
        arguments(
            "harmless ClusterRole",
            List.of(POD_READER, clusterRoleBinding("pods", "pod-reader", deployer)),
            EnumSet.noneOf(RbacCheck.class)),
        arguments(
            "missing ClusterRole yields no rule-based finding",
            List.of(roleBinding("team-a", "read", "ClusterRole", "gone", user("alice"))),
            EnumSet.noneOf(RbacCheck.class)),
        arguments(
            "missing Role yields no rule-based finding",
            List.of(roleBinding("team-a", "read", "Role", "gone", user("alice"))),
            EnumSet.noneOf(RbacCheck.class)),
        arguments(
            "aggregated ClusterRole counts with its filled-in rules",
            List.of(
                aggregatedClusterRole(
                    "monitoring",
                    rule(CORE, List.of("pods"), List.of("get")),
                    rule(CORE, List.of("secrets"), List.of("list"))),
                clusterRoleBinding("mon", "monitoring", deployer)),
            EnumSet.of(SecretsReadAll)),
        arguments(
            "aggregationRule alone, before aggregation, grants nothing",
            List.of(
                aggregatedClusterRole("monitoring"),
                clusterRoleBinding("mon", "monitoring", deployer)),
            EnumSet.noneOf(RbacCheck.class)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("boundRoles")
  void reportsTheChecksTheBoundRoleTrips(
      String description, List<Object> objects, Set<RbacCheck> expected) {
    var snapshot = snapshot().with(objects.toArray()).build();

    var findings = RbacAnalyzer.findings("team-a", snapshot, ALL_CHECKS);

    assertThat(findings).extracting(RbacFinding::check).containsExactlyElementsOf(expected);
  }

  @Test
  void reportsOnlyEnabledChecks() {
    var snapshot =
        snapshot()
            .with(
                CLUSTER_ADMIN,
                clusterRoleBinding("ci-admin", "cluster-admin", serviceAccount("team-a", "ci")))
            .build();

    assertThat(RbacAnalyzer.findings("team-a", snapshot, EnumSet.of(SecretsReadAll)))
        .extracting(RbacFinding::check)
        .containsExactly(SecretsReadAll);
    assertThat(RbacAnalyzer.findings("team-a", snapshot, Set.of())).isEmpty();
  }

  // ---- which bindings and subjects affect a namespace ----

  private static final RbacSnapshot SUBJECTS =
      snapshot()
          .with(
              SECRET_READER,
              roleBinding(
                  "team-a",
                  "local",
                  "ClusterRole",
                  "secret-reader",
                  user("alice"),
                  group("devs"),
                  serviceAccount("team-b", "bot")),
              roleBinding(
                  "team-b",
                  "cross",
                  "ClusterRole",
                  "secret-reader",
                  serviceAccount("team-a", "deployer"),
                  user("bob")),
              roleBinding(
                  "team-c",
                  "no-namespace",
                  "ClusterRole",
                  "secret-reader",
                  new SubjectBuilder().withKind("ServiceAccount").withName("default").build()),
              clusterRoleBinding(
                  "cluster-wide",
                  "secret-reader",
                  user("carol"),
                  serviceAccount("team-a", "x"),
                  serviceAccount("team-b", "y")),
              clusterRoleBinding(
                  "all-of-team-a", "secret-reader", group("system:serviceaccounts:team-a")),
              clusterRoleBinding("every-sa", "secret-reader", group("system:serviceaccounts")))
          .build();

  /**
   * Issue 26, item 4: each finding where the binding grants: a RoleBinding in its own namespace
   * only (every subject, other namespaces' service accounts included); a ClusterRoleBinding in the
   * namespace of each service-account subject. A ClusterRoleBinding of a group of everyone is a
   * cluster-level finding, in no namespace.
   */
  static Stream<Arguments> namespaces() {
    return Stream.of(
        arguments(
            "team-a",
            List.of(
                "ClusterRoleBinding null/all-of-team-a Group:system:serviceaccounts:team-a",
                "ClusterRoleBinding null/cluster-wide ServiceAccount:team-a/x",
                "RoleBinding team-a/local Group:devs",
                "RoleBinding team-a/local ServiceAccount:team-b/bot",
                "RoleBinding team-a/local User:alice")),
        arguments(
            "team-b",
            List.of(
                "ClusterRoleBinding null/cluster-wide ServiceAccount:team-b/y",
                "RoleBinding team-b/cross ServiceAccount:team-a/deployer",
                "RoleBinding team-b/cross User:bob")),
        arguments(
            "team-c", List.of("RoleBinding team-c/no-namespace ServiceAccount:team-c/default")),
        arguments("team-d", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("namespaces")
  void reportsBindingsAndSubjectsAffectingTheNamespace(String namespace, List<String> expected) {
    var findings = RbacAnalyzer.findings(namespace, SUBJECTS, ALL_CHECKS);

    assertThat(findings)
        .extracting(
            f ->
                f.bindingKind()
                    + " "
                    + f.bindingNamespace()
                    + "/"
                    + f.bindingName()
                    + " "
                    + f.subject())
        .containsExactlyElementsOf(expected);
    assertThat(findings).allSatisfy(f -> assertThat(f.namespace()).isEqualTo(namespace));
  }

  // ---- Kubernetes' own bootstrap bindings ----

  /** A slice of what kube-apiserver bootstraps, each of which would trip a check by its rules. */
  private static List<Object> bootstrapRbac(String bindingPrefix) {
    return List.of(
        CLUSTER_ADMIN,
        clusterRoleBinding("cluster-admin", "cluster-admin", group("system:masters")),
        clusterRole(
            "system:controller:generic-garbage-collector",
            rule(List.of("*"), List.of("*"), List.of("get", "list", "watch", "delete"))),
        clusterRoleBinding(
            bindingPrefix + "controller:generic-garbage-collector",
            "system:controller:generic-garbage-collector",
            serviceAccount("kube-system", "generic-garbage-collector")),
        clusterRole(
            "system:controller:clusterrole-aggregation-controller",
            rule(RBAC, List.of("clusterroles"), List.of("escalate", "get", "update"))),
        clusterRoleBinding(
            bindingPrefix + "controller:clusterrole-aggregation-controller",
            "system:controller:clusterrole-aggregation-controller",
            serviceAccount("kube-system", "clusterrole-aggregation-controller")),
        role(
            "kube-system",
            "system:controller:bootstrap-signer",
            rule(CORE, List.of("secrets"), List.of("get", "list", "watch"))),
        roleBinding(
            "kube-system",
            bindingPrefix + "controller:bootstrap-signer",
            "Role",
            "system:controller:bootstrap-signer",
            serviceAccount("kube-system", "bootstrap-signer")),
        clusterRoleBinding(
            bindingPrefix + "kube-controller-manager",
            "system:controller:generic-garbage-collector",
            user("system:kube-controller-manager")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"kube-system", "kube-public", "default"})
  void ignoresKubernetesBootstrapBindings(String namespace) {
    var snapshot = snapshot().with(bootstrapRbac("system:").toArray()).build();

    assertThat(RbacAnalyzer.findings(namespace, snapshot, ALL_CHECKS)).isEmpty();
  }

  @Test
  void theSameBindingsUnderUserNamesAreReported() {
    var snapshot = snapshot().with(bootstrapRbac("user:").toArray()).build();

    assertThat(RbacAnalyzer.findings("kube-system", snapshot, ALL_CHECKS))
        .extracting(f -> f.check() + " " + f.bindingName())
        .containsExactly(
            "WildcardRules user:controller:generic-garbage-collector",
            "SecretsReadAll user:controller:generic-garbage-collector",
            "SecretsReadAll user:controller:bootstrap-signer",
            "EscalateBindImpersonate user:controller:clusterrole-aggregation-controller");
  }

  @Test
  void aSystemNamedBindingOfClusterAdminIsStillReported() {
    var snapshot =
        snapshot()
            .with(
                clusterRoleBinding(
                    "system:sneaky", "cluster-admin", serviceAccount("team-a", "deployer")))
            .build();

    assertThat(RbacAnalyzer.findings("team-a", snapshot, ALL_CHECKS))
        .extracting(RbacFinding::bindingName)
        .containsExactly("system:sneaky");
  }

  @Test
  void userBindingsOfSystemGroupsAreReported() {
    var snapshot =
        snapshot()
            .with(
                SECRET_READER,
                roleBinding(
                    "team-a",
                    "everyone-reads",
                    "ClusterRole",
                    "secret-reader",
                    group("system:authenticated")))
            .build();

    assertThat(RbacAnalyzer.findings("team-a", snapshot, ALL_CHECKS))
        .extracting(RbacFinding::subject)
        .containsExactly("Group:system:authenticated");
  }

  // ---- groups and users: everyone, one namespace, or no namespace ----

  static Stream<Arguments> everyoneSubjects() {
    return Stream.of(
        arguments(
            group("system:serviceaccounts"),
            "Group system:serviceaccounts (every service account in every namespace)"),
        arguments(
            group("system:authenticated"),
            "Group system:authenticated (every authenticated user and service account)"),
        arguments(
            group("system:unauthenticated"),
            "Group system:unauthenticated (every anonymous request)"),
        arguments(user("system:anonymous"), "User system:anonymous (every anonymous request)"));
  }

  /**
   * Issue 26, item 4: a ClusterRoleBinding of everyone is one cluster-level finding, not one per
   * namespace (which multiplied totals by the namespaces and showed it in every tenant's Report).
   */
  @ParameterizedTest
  @MethodSource("everyoneSubjects")
  void aClusterWideBindingOfEveryoneIsOneClusterFinding(
      io.fabric8.kubernetes.api.model.rbac.Subject everyone, String described) {
    var snapshot =
        snapshot().with(CLUSTER_ADMIN, clusterRoleBinding("x", "cluster-admin", everyone)).build();

    for (String namespace : List.of("team-a", "team-b", "kube-system")) {
      assertThat(RbacAnalyzer.findings(namespace, snapshot, Set.of(ClusterAdminBinding))).isEmpty();
    }
    assertThat(RbacAnalyzer.clusterFindings(snapshot, Set.of(ClusterAdminBinding)))
        .extracting(RbacFinding::namespace, RbacFinding::bindingName, RbacFinding::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                null, "x", "ClusterRoleBinding \"x\" grants cluster-admin to " + described));
  }

  /**
   * Issue 26, item 4, as a new user met it: a tenant's RoleBinding of everyone in its own namespace
   * grants only there, so it is that namespace's finding and no other's.
   */
  @Test
  void aRoleBindingOfEveryoneCountsInItsOwnNamespaceOnly() {
    var snapshot =
        snapshot()
            .with(
                CLUSTER_ADMIN,
                roleBinding(
                    "team-a",
                    "tenant-admins",
                    "ClusterRole",
                    "cluster-admin",
                    group("system:authenticated")))
            .build();

    assertThat(RbacAnalyzer.findings("team-a", snapshot, Set.of(ClusterAdminBinding)))
        .extracting(f -> f.bindingNamespace() + "/" + f.bindingName() + " " + f.subject())
        .containsExactly("team-a/tenant-admins Group:system:authenticated");
    assertThat(RbacAnalyzer.findings("team-b", snapshot, Set.of(ClusterAdminBinding))).isEmpty();
    assertThat(RbacAnalyzer.clusterFindings(snapshot, ALL_CHECKS)).isEmpty();
  }

  @Test
  void aRoleBindingOfEveryServiceAccountAffectsItsOwnNamespaceOnly() {
    var snapshot =
        snapshot()
            .with(
                SECRET_READER,
                roleBinding(
                    "team-a",
                    "all-read",
                    "ClusterRole",
                    "secret-reader",
                    group("system:serviceaccounts")))
            .build();

    assertThat(RbacAnalyzer.findings("team-a", snapshot, ALL_CHECKS))
        .extracting(f -> f.bindingNamespace() + "/" + f.bindingName() + " " + f.subject())
        .containsExactly("team-a/all-read Group:system:serviceaccounts");
    assertThat(RbacAnalyzer.findings("team-b", snapshot, ALL_CHECKS)).isEmpty();
  }

  @Test
  void theServiceAccountsGroupOfOneNamespaceAffectsThatNamespaceOnly() {
    var snapshot =
        snapshot()
            .with(
                CLUSTER_ADMIN,
                clusterRoleBinding(
                    "team-a-admins", "cluster-admin", group("system:serviceaccounts:team-a")))
            .build();

    assertThat(RbacAnalyzer.findings("team-a", snapshot, ALL_CHECKS))
        .extracting(RbacFinding::check, RbacFinding::subject)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ClusterAdminBinding, "Group:system:serviceaccounts:team-a"),
            org.assertj.core.groups.Tuple.tuple(
                WildcardRules, "Group:system:serviceaccounts:team-a"),
            org.assertj.core.groups.Tuple.tuple(
                SecretsReadAll, "Group:system:serviceaccounts:team-a"),
            org.assertj.core.groups.Tuple.tuple(
                EscalateBindImpersonate, "Group:system:serviceaccounts:team-a"));
    assertThat(RbacAnalyzer.findings("team-b", snapshot, ALL_CHECKS)).isEmpty();
    assertThat(RbacAnalyzer.clusterFindings(snapshot, ALL_CHECKS)).isEmpty();
  }

  @Test
  void systemMastersIsNeverReported() {
    var snapshot =
        snapshot()
            .with(
                CLUSTER_ADMIN,
                clusterRoleBinding("masters", "cluster-admin", group("system:masters")),
                roleBinding(
                    "team-a", "masters", "ClusterRole", "cluster-admin", group("system:masters")))
            .build();

    assertThat(RbacAnalyzer.findings("team-a", snapshot, ALL_CHECKS)).isEmpty();
    assertThat(RbacAnalyzer.clusterFindings(snapshot, ALL_CHECKS)).isEmpty();
  }

  // ---- cluster-level findings: users and groups no namespace owns ----

  @Test
  void clusterRoleBindingsOfUsersAndOtherGroupsAreClusterFindings() {
    var snapshot =
        snapshot()
            .with(
                CLUSTER_ADMIN,
                SECRET_READER,
                POD_READER,
                clusterRoleBinding("ops", "cluster-admin", user("alice"), group("sre")),
                clusterRoleBinding(
                    "readers",
                    "secret-reader",
                    group("auditors"),
                    serviceAccount("team-a", "bot"),
                    group("system:serviceaccounts:team-b"),
                    group("system:authenticated")),
                clusterRoleBinding("harmless", "pod-reader", user("bob")),
                roleBinding("team-a", "local", "ClusterRole", "cluster-admin", user("carol")))
            .with(bootstrapRbac("system:").toArray())
            .build();

    var findings = RbacAnalyzer.clusterFindings(snapshot, ALL_CHECKS);

    assertThat(findings)
        .extracting(f -> f.check() + " " + f.bindingName() + " " + f.subject())
        .containsExactly(
            "ClusterAdminBinding ops Group:sre",
            "ClusterAdminBinding ops User:alice",
            "SecretsReadAll readers Group:auditors",
            "SecretsReadAll readers Group:system:authenticated");
    assertThat(findings).allSatisfy(f -> assertThat(f.namespace()).isNull());
    assertThat(findings.get(2).message())
        .isEqualTo(
            "ClusterRoleBinding \"readers\" grants ClusterRole \"secret-reader\" to Group"
                + " auditors, which can read all Secrets in every namespace");
  }

  @Test
  void clusterFindingsHonourTheEnabledChecks() {
    var snapshot =
        snapshot()
            .with(CLUSTER_ADMIN, clusterRoleBinding("ops", "cluster-admin", user("alice")))
            .build();

    assertThat(RbacAnalyzer.clusterFindings(snapshot, Set.of())).isEmpty();
    assertThat(RbacAnalyzer.clusterFindings(snapshot, Set.of(SecretsReadAll)))
        .extracting(RbacFinding::check)
        .containsExactly(SecretsReadAll);
    assertThat(RbacAnalyzer.clusterFindings(snapshot, Set.of(SecretsReadAll, ClusterAdminBinding)))
        .extracting(RbacFinding::check)
        .containsExactly(ClusterAdminBinding);
  }

  // ---- finding contents and ordering ----

  @Test
  void describesTheFindingInOneLine() {
    var snapshot =
        snapshot()
            .with(
                SECRET_READER,
                clusterRoleBinding(
                    "ci-admin", "cluster-admin", serviceAccount("team-a", "deployer")),
                roleBinding("team-a", "read", "ClusterRole", "secret-reader", user("alice")))
            .build();

    assertThat(RbacAnalyzer.findings("team-a", snapshot, ALL_CHECKS))
        .containsExactly(
            new RbacFinding(
                ClusterAdminBinding,
                "team-a",
                "ClusterRoleBinding",
                null,
                "ci-admin",
                "ClusterRole",
                "cluster-admin",
                "ServiceAccount:team-a/deployer",
                "ClusterRoleBinding \"ci-admin\" grants cluster-admin to ServiceAccount"
                    + " team-a/deployer",
                Severity.CRITICAL,
                ClusterAdminBinding.remediation()),
            new RbacFinding(
                SecretsReadAll,
                "team-a",
                "RoleBinding",
                "team-a",
                "read",
                "ClusterRole",
                "secret-reader",
                "User:alice",
                "RoleBinding \"read\" in namespace team-a grants ClusterRole \"secret-reader\" to"
                    + " User alice, which can read all Secrets in namespace team-a",
                Severity.HIGH,
                SecretsReadAll.remediation()));
  }

  @Test
  void ordersByCheckBindingKindNamespaceNameAndSubject() {
    List<Object> objects =
        new ArrayList<>(
            List.of(
                CLUSTER_ADMIN,
                SECRET_READER,
                ROLE_BINDER,
                roleBinding(
                    "team-a", "b", "ClusterRole", "secret-reader", user("zed"), user("amy")),
                roleBinding("team-a", "a", "ClusterRole", "secret-reader", user("bob")),
                roleBinding(
                    "other", "a", "ClusterRole", "secret-reader", serviceAccount("team-a", "sa")),
                clusterRoleBinding("z", "secret-reader", serviceAccount("team-a", "sa")),
                clusterRoleBinding("binder", "role-binder", serviceAccount("team-a", "sa")),
                clusterRoleBinding("admin", "cluster-admin", serviceAccount("team-a", "sa"))));
    List<String> expected =
        List.of(
            "ClusterAdminBinding ClusterRoleBinding null/admin ServiceAccount:team-a/sa",
            "WildcardRules ClusterRoleBinding null/admin ServiceAccount:team-a/sa",
            "SecretsReadAll ClusterRoleBinding null/admin ServiceAccount:team-a/sa",
            "SecretsReadAll ClusterRoleBinding null/z ServiceAccount:team-a/sa",
            "SecretsReadAll RoleBinding team-a/a User:bob",
            "SecretsReadAll RoleBinding team-a/b User:amy",
            "SecretsReadAll RoleBinding team-a/b User:zed",
            "EscalateBindImpersonate ClusterRoleBinding null/admin ServiceAccount:team-a/sa",
            "EscalateBindImpersonate ClusterRoleBinding null/binder ServiceAccount:team-a/sa");

    for (int shuffle = 0; shuffle < 5; shuffle++) {
      Collections.shuffle(objects, new Random(shuffle));
      var findings =
          RbacAnalyzer.findings("team-a", snapshot().with(objects.toArray()).build(), ALL_CHECKS);
      assertThat(findings)
          .extracting(
              f ->
                  f.check()
                      + " "
                      + f.bindingKind()
                      + " "
                      + f.bindingNamespace()
                      + "/"
                      + f.bindingName()
                      + " "
                      + f.subject())
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void bindingsWithoutSubjectsOrRoleRefFindNothing() {
    RoleBinding noSubjects =
        new RoleBindingBuilder(roleBinding("team-a", "empty", "ClusterRole", "cluster-admin"))
            .withSubjects((List<io.fabric8.kubernetes.api.model.rbac.Subject>) null)
            .build();
    ClusterRoleBinding noRoleRef =
        new ClusterRoleBindingBuilder(
                clusterRoleBinding("broken", "x", serviceAccount("team-a", "sa")))
            .withRoleRef(null)
            .build();

    var snapshot = snapshot().with(CLUSTER_ADMIN, noSubjects, noRoleRef).build();

    assertThat(RbacAnalyzer.findings("team-a", snapshot, ALL_CHECKS)).isEmpty();
  }
}
