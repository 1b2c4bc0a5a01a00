package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 26 (operator tier), item 4, as a new user met it: one tenant's RoleBinding of everyone in
 * its own namespace was counted in every governed namespace, multiplying the totals and turning
 * other tenants red. RBAC findings now count where the binding grants, and a cluster-level finding
 * once per cluster, not once per baseline.
 */
@LocalCluster
class RbacAttributionIT {

  private static final Duration CONVERGE = Duration.ofSeconds(90);

  private static TestCluster cluster;
  private static RunningOperator operator;
  private static KubernetesClient client;
  private String team;

  @BeforeAll
  static void start(TestCluster testCluster) {
    cluster = testCluster;
    operator = RunningOperator.start(cluster);
    client = cluster.newClient();
  }

  @AfterAll
  static void stop() {
    operator.close();
    client.close();
  }

  @BeforeEach
  void newTeam() {
    team = "rb" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void cleanUp() {
    client.resources(SecurityBaseline.class).withLabel("bulwark.dev/test", team).delete();
    client.rbac().clusterRoleBindings().withName("alice-" + team).delete();
  }

  @Test
  void aTenantsRoleBindingOfEveryoneCountsInItsOwnNamespaceOnly() {
    String tenant = cluster.createNamespace(Map.of("team", team));
    String other = cluster.createNamespace(Map.of("team", team));
    // kubectl create rolebinding all-admins --clusterrole=cluster-admin
    //   --group=system:authenticated -n <tenant>
    client
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("all-admins")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("Group")
                .withName("system:authenticated")
                .endSubject()
                .build())
        .inNamespace(tenant)
        .create();
    String name = "tenants-" + team;
    baseline(name, 0, "team: " + team);

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              SecurityBaseline sb = get(name);
              assertThat(sb.getStatus()).isNotNull();
              assertThat(sb.getStatus().namespaces.matched()).isEqualTo(2);
              assertThat(sb.getStatus().violations.top())
                  .extracting(Violation::namespace, Violation::name)
                  .containsExactly(org.assertj.core.groups.Tuple.tuple(tenant, "all-admins"));
              assertThat(sb.getStatus().violations.total()).isEqualTo(1);
              assertThat(sb.getStatus().namespaces.compliant())
                  .as(other + " stays compliant")
                  .isEqualTo(1);
            });
  }

  @Test
  void aClusterLevelFindingIsCountedOncePerClusterNotOncePerBaseline() {
    cluster.createNamespace(Map.of("team", team, "half", "first"));
    cluster.createNamespace(Map.of("team", team, "half", "second"));
    client
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("alice-" + team)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName("alice-" + team)
                .endSubject()
                .build())
        .create();
    // High priorities, so that no baseline another test left behind reports it first.
    String first = "first-" + team;
    String second = "second-" + team;
    baseline(first, 900, "half: first, team: " + team);
    baseline(second, 800, "half: second, team: " + team);

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              SecurityBaseline one = get(first);
              SecurityBaseline two = get(second);
              assertThat(one.getStatus()).isNotNull();
              assertThat(two.getStatus()).isNotNull();
              assertThat(one.getStatus().violations.top())
                  .extracting(Violation::namespace, Violation::name)
                  .contains(org.assertj.core.groups.Tuple.tuple("", "alice-" + team));
              assertThat(two.getStatus().violations.top())
                  .as("reported by the first baseline only")
                  .extracting(Violation::name)
                  .doesNotContain("alice-" + team);
            });
  }

  private void baseline(String name, int priority, String selector) {
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: bulwark.dev/v1alpha1
                kind: SecurityBaseline
                metadata:
                  name: %s
                  labels: {bulwark.dev/test: %s}
                spec:
                  namespaceSelector: {matchLabels: {%s}}
                  mode: Audit
                  priority: %d
                  podSecurity: {level: privileged}
                  rbac: {forbid: [ClusterAdminBinding]}
                """
                    .formatted(name, team, selector, priority),
                SecurityBaseline.class))
        .create();
  }

  private static SecurityBaseline get(String name) {
    return client.resources(SecurityBaseline.class).withName(name).get();
  }
}
