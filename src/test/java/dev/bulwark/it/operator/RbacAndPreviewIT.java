package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.Violation;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.Workloads;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dangerous RBAC is reported per pattern; tightening enforcement previews what it would reject. */
@LocalCluster
class RbacAndPreviewIT extends OperatorTestBase {

  @AfterEach
  void deleteClusterScoped() {
    client.rbac().clusterRoleBindings().withName("admin-" + team).delete();
    client.rbac().clusterRoles().withName("secret-reader-" + team).delete();
  }

  @Test
  void eachDangerousBindingPatternIsReported() {
    String ns = namespace(Map.of());
    client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("deployer")
                .withNamespace(ns)
                .endMetadata()
                .build())
        .create();
    client
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("admin-" + team)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("deployer")
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
    role(ns, "wildcard", "*", "*");
    bind(ns, "wildcard", "Role", "wildcard");
    client
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("secret-reader-" + team)
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("secrets")
                .withVerbs("get", "list")
                .endRule()
                .build())
        .create();
    bind(ns, "secrets", "ClusterRole", "secret-reader-" + team);
    role(ns, "escalator", "roles", "escalate");
    bind(ns, "escalator", "Role", "escalator");
    role(ns, "harmless", "configmaps", "get");
    bind(ns, "harmless", "Role", "harmless");

    baseline(
        "rbac-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        mode: Audit
        podSecurity: {level: privileged}
        """);

    awaitStatus(
        "rbac-" + team,
        sb ->
            assertThat(sb.getStatus().violations.top())
                .extracting(Violation::kind, Violation::name, Violation::check)
                .contains(
                    tuple("ClusterRoleBinding", "admin-" + team, "ClusterAdminBinding"),
                    tuple("RoleBinding", "wildcard", "WildcardRules"),
                    tuple("RoleBinding", "secrets", "SecretsReadAll"),
                    tuple("RoleBinding", "escalator", "EscalateBindImpersonate"))
                .extracting(t -> t.toList().get(1))
                .doesNotContain("harmless"));
  }

  @Test
  void tighteningEnforcementRecordsTheApiServersWarningsAboutExistingPods() {
    String ns = namespace(Map.of("pod-security.kubernetes.io/enforce", "privileged"));
    client.pods().inNamespace(ns).resource(Workloads.privilegedPod("old-privileged")).create();

    baseline(
        "tighten-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted}
        network: {defaultDeny: []}
        """);

    awaitStatus(
        "tighten-" + team,
        sb ->
            assertThat(sb.getStatus().enforcementWarnings)
                .anySatisfy(
                    w ->
                        assertThat(w.message()).contains("old-privileged").contains("restricted")));
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(events("tighten-" + team, "EnforcementTightened"))
                    .anySatisfy(e -> assertThat(e.getMessage()).contains("old-privileged")));
  }

  private void role(String ns, String name, String resource, String verb) {
    client
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .addNewRule()
                .withApiGroups(resource.equals("roles") ? "rbac.authorization.k8s.io" : "")
                .withResources(resource)
                .withVerbs(verb)
                .endRule()
                .build())
        .create();
  }

  private void bind(String ns, String name, String roleKind, String roleName) {
    client
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", roleKind, roleName)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("deployer")
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
  }
}
