package dev.bulwark.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;

/**
 * Namespace owners as clusters have them: a user with the rights of the {@code admin} ClusterRole
 * in one namespace (create, change and delete NetworkPolicies, ServiceAccounts, Roles,
 * RoleBindings, workloads there), plus the right to change OpenReports Reports there, which {@code
 * admin} lacks only because the OpenReports CRDs ship no aggregation labels. Their requests go
 * through the real API server's RBAC authorizer and admission, by impersonation.
 */
public final class Tenants {

  private Tenants() {}

  /**
   * A client acting as {@code user} (group {@code system:authenticated} only), admin of {@code
   * namespace}; close it.
   */
  public static KubernetesClient admin(TestCluster cluster, String namespace, String user) {
    try (KubernetesClient admin = cluster.newClient()) {
      // The admin ClusterRole is the aggregation of these three (kube-controller-manager's
      // clusterrole-aggregation controller fills it in; bound directly, no controller is needed).
      for (String role :
          new String[] {
            "system:aggregate-to-admin", "system:aggregate-to-edit", "system:aggregate-to-view"
          }) {
        bind(
            admin,
            namespace,
            user,
            "ClusterRole",
            role,
            "tenant-" + role.substring(7) + "-" + user);
      }
      admin
          .rbac()
          .roles()
          .inNamespace(namespace)
          .resource(
              new RoleBuilder()
                  .withNewMetadata()
                  .withName("tenant-reports")
                  .endMetadata()
                  .withRules(
                      new PolicyRuleBuilder()
                          .withApiGroups("openreports.io")
                          .withResources("reports")
                          .withVerbs("get", "list", "watch", "create", "update", "patch", "delete")
                          .build())
                  .build())
          .serverSideApply();
      bind(admin, namespace, user, "Role", "tenant-reports", "tenant-reports-" + user);
    }
    KubernetesClient tenant = as(cluster, user);
    // The RBAC authorizer reads bindings from its own cache: wait until it knows this one.
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              tenant.network().networkPolicies().inNamespace(namespace).list();
              return true;
            });
    return tenant;
  }

  private static void bind(
      KubernetesClient admin,
      String namespace,
      String user,
      String kind,
      String role,
      String name) {
    admin
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", kind, role)
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName(user)
                .endSubject()
                .build())
        .serverSideApply();
  }

  /** A client acting as {@code user} in {@code groups} (plus system:authenticated); close it. */
  public static KubernetesClient as(TestCluster cluster, String user, String... groups) {
    Config config = Config.fromKubeconfig(cluster.plane().kubeconfigYaml());
    config.setImpersonateUsername(user);
    String[] all = new String[groups.length + 1];
    all[0] = "system:authenticated";
    System.arraycopy(groups, 0, all, 1, groups.length);
    config.setImpersonateGroups(all);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
