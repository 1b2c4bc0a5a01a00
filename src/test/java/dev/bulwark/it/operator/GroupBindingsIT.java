package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.bulwark.api.Violation;
import dev.bulwark.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bindings whose subjects are groups are reported where they take effect, and a subject removed
 * from a binding clears its finding at once (issue 10, item 2).
 */
@LocalCluster
class GroupBindingsIT extends OperatorTestBase {

  @AfterEach
  void deleteClusterRoleBindings() {
    client.rbac().clusterRoleBindings().withName("everyone-" + team).delete();
    client.rbac().clusterRoleBindings().withName("ns-group-" + team).delete();
    client.rbac().clusterRoleBindings().withName("user-" + team).delete();
  }

  /** A binding no namespace owns is reported on the baseline itself, and cleared with it. */
  @Test
  void aClusterAdminBindingOfAUserIsReportedClusterWideInTheBaselineStatus() {
    namespace(Map.of());
    auditBaseline();
    awaitStatus(
        "groups-" + team, sb -> assertThat(sb.getStatus().namespaces.matched()).isEqualTo(1));

    client
        .resource(
            clusterAdminBinding(
                "user-" + team,
                new SubjectBuilder()
                    .withApiGroup("rbac.authorization.k8s.io")
                    .withKind("User")
                    .withName("alice-" + team)
                    .build()))
        .create();

    awaitStatus(
        "groups-" + team,
        sb -> {
          assertThat(sb.getStatus().violations.top())
              .extracting(Violation::namespace, Violation::kind, Violation::name, Violation::check)
              .contains(tuple("", "ClusterRoleBinding", "user-" + team, "ClusterAdminBinding"));
          assertThat(condition(sb, "Compliant").getMessage()).contains("cluster-wide");
        });

    client.rbac().clusterRoleBindings().withName("user-" + team).delete();
    awaitStatus(
        "groups-" + team,
        sb ->
            assertThat(sb.getStatus().violations.top())
                .extracting(Violation::name)
                .doesNotContain("user-" + team));
  }

  /**
   * Issue 26, item 4: a ClusterRoleBinding of a group of everyone is one cluster-level finding, not
   * one per governed namespace.
   */
  @Test
  void aClusterAdminBindingOfEveryServiceAccountIsReportedOnceClusterWide() {
    String first = namespace(Map.of());
    String second = namespace(Map.of());
    auditBaseline();
    awaitStatus(
        "groups-" + team, sb -> assertThat(sb.getStatus().namespaces.matched()).isEqualTo(2));

    // kubectl create clusterrolebinding x --clusterrole=cluster-admin
    // --group=system:serviceaccounts
    client
        .resource(clusterAdminBinding("everyone-" + team, group("system:serviceaccounts")))
        .create();

    awaitStatus(
        "groups-" + team,
        sb ->
            assertThat(sb.getStatus().violations.top())
                .extracting(Violation::namespace, Violation::name, Violation::check)
                .contains(tuple("", "everyone-" + team, "ClusterAdminBinding"))
                .doesNotContain(
                    tuple(first, "everyone-" + team, "ClusterAdminBinding"),
                    tuple(second, "everyone-" + team, "ClusterAdminBinding")));
  }

  @Test
  void removingASubjectFromABindingClearsItsNamespacesFinding() {
    String first = namespace(Map.of());
    String second = namespace(Map.of());
    client
        .resource(
            clusterAdminBinding(
                "ns-group-" + team,
                group("system:serviceaccounts:" + first),
                serviceAccount(second, "deployer")))
        .create();
    auditBaseline();
    awaitStatus(
        "groups-" + team,
        sb ->
            assertThat(sb.getStatus().violations.top())
                .extracting(Violation::namespace, Violation::name)
                .contains(tuple(first, "ns-group-" + team), tuple(second, "ns-group-" + team)));

    client
        .rbac()
        .clusterRoleBindings()
        .withName("ns-group-" + team)
        .edit(
            crb ->
                new ClusterRoleBindingBuilder(crb)
                    .withSubjects(serviceAccount(second, "deployer"))
                    .build());

    awaitStatus(
        "groups-" + team,
        sb ->
            assertThat(sb.getStatus().violations.top())
                .extracting(Violation::namespace, Violation::name)
                .contains(tuple(second, "ns-group-" + team))
                .doesNotContain(tuple(first, "ns-group-" + team)));
  }

  private void auditBaseline() {
    baseline(
        "groups-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        mode: Audit
        # Cluster-level findings are reported by the first baseline in precedence only: first
        # here, whatever other baselines the run holds.
        priority: 1000
        podSecurity: {level: privileged}
        rbac: {forbid: [ClusterAdminBinding]}
        """);
  }

  private static ClusterRoleBinding clusterAdminBinding(String name, Subject... subjects) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
        .withSubjects(List.of(subjects))
        .build();
  }

  private static Subject group(String name) {
    return new SubjectBuilder()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Group")
        .withName(name)
        .build();
  }

  private static Subject serviceAccount(String namespace, String name) {
    return new SubjectBuilder()
        .withKind("ServiceAccount")
        .withNamespace(namespace)
        .withName(name)
        .build();
  }
}
