package dev.bulwark.it.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local API server authorizes with real RBAC: identities get only what is bound. */
@LocalCluster
class ServiceAccountRbacIT {

  @Test
  void serviceAccountIsForbiddenUntilARoleBindingGrantsAccess(TestCluster cluster) {
    String namespace = cluster.createNamespace(Map.of());
    try (KubernetesClient admin = cluster.newClient()) {
      admin
          .serviceAccounts()
          .inNamespace(namespace)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("reader")
                  .endMetadata()
                  .build())
          .create();

      try (KubernetesClient reader = impersonating(admin, namespace, "reader")) {
        assertThatThrownBy(() -> reader.configMaps().inNamespace(namespace).list())
            .isInstanceOfSatisfying(
                KubernetesClientException.class,
                e -> {
                  assertThat(e.getCode()).isEqualTo(403);
                  assertThat(e.getMessage())
                      .contains("system:serviceaccount:" + namespace + ":reader")
                      .contains("cannot list resource \"configmaps\"");
                });

        grantConfigMapRead(admin, namespace, "reader");

        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptionsInstanceOf(KubernetesClientException.class)
            .untilAsserted(
                () ->
                    assertThat(reader.configMaps().inNamespace(namespace).list().getItems())
                        .isNotNull());
      }
    }
  }

  private static KubernetesClient impersonating(
      KubernetesClient admin, String namespace, String sa) {
    Config config =
        new ConfigBuilder(admin.getConfiguration())
            .withImpersonateUsername("system:serviceaccount:" + namespace + ":" + sa)
            .withImpersonateGroups(
                "system:serviceaccounts",
                "system:serviceaccounts:" + namespace,
                "system:authenticated")
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static void grantConfigMapRead(KubernetesClient admin, String namespace, String sa) {
    admin
        .rbac()
        .roles()
        .inNamespace(namespace)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("configmap-reader")
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("configmaps")
                .withVerbs("get", "list")
                .endRule()
                .build())
        .create();
    admin
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("configmap-reader")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "configmap-reader")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(sa)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .create();
  }
}
