package dev.bulwark.rbac;

import static dev.bulwark.rbac.RbacObjects.clusterRoleBinding;
import static dev.bulwark.rbac.RbacObjects.group;
import static dev.bulwark.rbac.RbacObjects.roleBinding;
import static dev.bulwark.rbac.RbacObjects.serviceAccount;
import static dev.bulwark.rbac.RbacObjects.snapshot;
import static dev.bulwark.rbac.RbacObjects.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RbacIndexTest {

  static Stream<Arguments> roleBindings() {
    return Stream.of(
        arguments(
            roleBinding("team-a", "users", "Role", "r", user("alice"), group("devs")),
            Set.of("team-a")),
        arguments(
            roleBinding(
                "team-a",
                "mixed",
                "ClusterRole",
                "r",
                serviceAccount("team-b", "bot"),
                serviceAccount("team-c", "bot"),
                serviceAccount("team-a", "own")),
            Set.of("team-a")),
        arguments(
            roleBinding("team-a", "sa-group", "Role", "r", group("system:serviceaccounts:team-d")),
            Set.of("team-a")),
        arguments(roleBinding("team-a", "none", "Role", "r"), Set.of("team-a")));
  }

  /**
   * Issue 26, item 4: a RoleBinding grants only in its own namespace, whoever its subjects are
   * (other namespaces' service accounts included), so only that namespace's findings change.
   */
  @ParameterizedTest
  @MethodSource("roleBindings")
  void roleBindingAffectsOnlyItsOwnNamespace(RoleBinding binding, Set<String> expected) {
    assertThat(RbacIndex.namespacesAffectedBy(binding).everyNamespace()).isFalse();
    assertThat(RbacIndex.namespacesAffectedBy(binding).named())
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  static Stream<Arguments> clusterRoleBindings() {
    return Stream.of(
        arguments(clusterRoleBinding("users", "r", user("alice"), group("devs")), Set.of()),
        arguments(
            clusterRoleBinding(
                "sas",
                "r",
                serviceAccount("team-b", "bot"),
                serviceAccount("team-a", "x"),
                serviceAccount("team-a", "y")),
            Set.of("team-a", "team-b")),
        arguments(
            clusterRoleBinding("sa-group", "r", group("system:serviceaccounts:team-c")),
            Set.of("team-c")),
        arguments(
            clusterRoleBinding("bad-sa-group", "r", group("system:serviceaccounts:")), Set.of()),
        arguments(clusterRoleBinding("masters", "r", group("system:masters")), Set.of()));
  }

  @ParameterizedTest
  @MethodSource("clusterRoleBindings")
  void clusterRoleBindingAffectsTheNamespacesOfItsServiceAccounts(
      ClusterRoleBinding binding, Set<String> expected) {
    assertThat(RbacIndex.namespacesAffectedBy(binding))
        .isEqualTo(new AffectedNamespaces(false, expected));
  }

  static Stream<Arguments> everyoneSubjects() {
    return Stream.of(
        arguments(group("system:serviceaccounts")),
        arguments(group("system:authenticated")),
        arguments(group("system:unauthenticated")),
        arguments(user("system:anonymous")));
  }

  /**
   * Issue 26, item 4: a group of everyone in a RoleBinding gets rights in that namespace only; in a
   * ClusterRoleBinding it belongs to no namespace (a cluster-level finding), so neither maps to
   * every namespace.
   */
  @ParameterizedTest
  @MethodSource("everyoneSubjects")
  void aGroupOfEveryoneMapsToNoOtherNamespace(Subject everyone) {
    var clusterWide = clusterRoleBinding("everyone", "r", everyone, serviceAccount("team-a", "x"));
    var local = roleBinding("team-b", "everyone", "Role", "r", everyone);

    assertThat(RbacIndex.namespacesAffectedBy(clusterWide))
        .isEqualTo(new AffectedNamespaces(false, Set.of("team-a")));
    assertThat(RbacIndex.namespacesAffectedBy(local))
        .isEqualTo(new AffectedNamespaces(false, Set.of("team-b")));
  }

  @Test
  void bootstrapBindingsTheAnalyzerIgnoresAffectNoNamespace() {
    var bootstrap =
        clusterRoleBinding("system:basic-user", "system:basic-user", group("system:authenticated"));

    assertThat(RbacIndex.namespacesAffectedBy(bootstrap)).isEqualTo(AffectedNamespaces.NONE);
  }

  private static final RbacSnapshot SNAPSHOT =
      snapshot()
          .with(
              roleBinding("team-a", "uses-role", "Role", "editor", user("alice")),
              roleBinding("team-b", "same-name-role", "Role", "editor", user("bob")),
              roleBinding(
                  "team-a",
                  "uses-clusterrole",
                  "ClusterRole",
                  "editor",
                  serviceAccount("team-c", "x")),
              roleBinding("team-b", "uses-clusterrole", "ClusterRole", "editor", user("bob")),
              roleBinding("team-b", "other", "ClusterRole", "viewer", user("bob")),
              clusterRoleBinding("crb-editor", "editor", serviceAccount("team-d", "y")),
              clusterRoleBinding("crb-viewer", "viewer", serviceAccount("team-e", "z")))
          .build();

  static Stream<Arguments> roleReferences() {
    return Stream.of(
        arguments("Role", "team-a", "editor", List.of("team-a/uses-role"), Set.of("team-a")),
        arguments("Role", "team-b", "editor", List.of("team-b/same-name-role"), Set.of("team-b")),
        arguments(
            "ClusterRole",
            null,
            "editor",
            List.of("team-a/uses-clusterrole", "team-b/uses-clusterrole", "crb-editor"),
            Set.of("team-a", "team-b", "team-d")),
        arguments("ClusterRole", null, "nobody-uses-me", List.of(), Set.of()),
        arguments("Role", "team-c", "editor", List.of(), Set.of()));
  }

  @ParameterizedTest(name = "{0} {1}/{2}")
  @MethodSource("roleReferences")
  void findsBindingsReferencingARole(
      String roleKind,
      String roleNamespace,
      String roleName,
      List<String> expectedBindings,
      Set<String> expectedNamespaces) {
    var referencing = RbacIndex.bindingsReferencing(roleKind, roleNamespace, roleName, SNAPSHOT);

    var names =
        Stream.concat(
                referencing.roleBindings().stream().map(RbacIndexTest::qualifiedName),
                referencing.clusterRoleBindings().stream().map(RbacIndexTest::qualifiedName))
            .toList();
    assertThat(names).containsExactlyInAnyOrderElementsOf(expectedBindings);
    assertThat(referencing.affectedNamespaces())
        .isEqualTo(new AffectedNamespaces(false, expectedNamespaces));
  }

  @ParameterizedTest(name = "{0} {1}/{2}, from the bindings without a snapshot")
  @MethodSource("roleReferences")
  void findsTheSameBindingsFromTheBindingsThemselves(
      String roleKind,
      String roleNamespace,
      String roleName,
      List<String> expectedBindings,
      Set<String> expectedNamespaces) {
    var referencing =
        RbacIndex.bindingsReferencing(
            roleKind,
            roleNamespace,
            roleName,
            SNAPSHOT.roleBindings(),
            SNAPSHOT.clusterRoleBindings());

    assertThat(referencing)
        .isEqualTo(RbacIndex.bindingsReferencing(roleKind, roleNamespace, roleName, SNAPSHOT));
    assertThat(referencing.affectedNamespaces())
        .isEqualTo(new AffectedNamespaces(false, expectedNamespaces));
  }

  @Test
  void aRoleBoundInThousandsOfNamespacesAffectsEachOnce() {
    List<RoleBinding> bindings = new java.util.ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      bindings.add(
          roleBinding(String.format("ns-%04d", i), "view", "ClusterRole", "view", user("u" + i)));
    }
    bindings.add(
        roleBinding(
            "ns-0000", "view-again", "ClusterRole", "view", serviceAccount("ns-0001", "a")));

    var affected =
        RbacIndex.bindingsReferencing("ClusterRole", null, "view", bindings, List.of())
            .affectedNamespaces();

    assertThat(affected.everyNamespace()).isFalse();
    assertThat(affected.named()).hasSize(5_000).startsWith("ns-0000", "ns-0001");
  }

  @Test
  void snapshotLooksUpRolesByNamespaceAndName() {
    var snapshot =
        snapshot()
            .with(RbacObjects.role("team-a", "editor"), RbacObjects.clusterRole("editor"))
            .build();

    assertThat(snapshot.role("team-a", "editor")).isPresent();
    assertThat(snapshot.role("team-b", "editor")).isEmpty();
    assertThat(snapshot.clusterRole("editor")).isPresent();
    assertThat(snapshot.clusterRole("viewer")).isEmpty();
    assertThat(RbacSnapshot.empty().roleBindings()).isEmpty();
  }

  private static String qualifiedName(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
  }
}
