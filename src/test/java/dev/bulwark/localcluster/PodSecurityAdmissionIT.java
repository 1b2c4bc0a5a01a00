package dev.bulwark.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local API server runs the real PodSecurity admission plugin, not a stand-in. */
@LocalCluster
class PodSecurityAdmissionIT {

  @Test
  void restrictedNamespaceRejectsPrivilegedPodWithTheApiServersOwnMessage(TestCluster cluster) {
    String namespace =
        cluster.createNamespace(Map.of("pod-security.kubernetes.io/enforce", "restricted"));
    try (KubernetesClient client = cluster.newClient()) {
      Pod privileged =
          new PodBuilder()
              .withNewMetadata()
              .withName("privileged")
              .endMetadata()
              .withNewSpec()
              .addNewContainer()
              .withName("app")
              .withImage("registry.example/app:1")
              .withNewSecurityContext()
              .withPrivileged(true)
              .endSecurityContext()
              .endContainer()
              .endSpec()
              .build();

      assertThatThrownBy(() -> client.pods().inNamespace(namespace).resource(privileged).create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(403);
                assertThat(e.getMessage())
                    .contains("violates PodSecurity \"restricted:latest\"")
                    .contains("privileged (container \"app\" must not set")
                    .contains("securityContext.privileged=true");
              });
      assertThat(client.pods().inNamespace(namespace).withName("privileged").get()).isNull();
    }
  }

  @Test
  void restrictedNamespaceAcceptsCompliantPod(TestCluster cluster) {
    String namespace =
        cluster.createNamespace(Map.of("pod-security.kubernetes.io/enforce", "restricted"));
    try (KubernetesClient client = cluster.newClient()) {
      Pod compliant =
          new PodBuilder()
              .withNewMetadata()
              .withName("compliant")
              .endMetadata()
              .withNewSpec()
              .withNewSecurityContext()
              .withRunAsNonRoot(true)
              .withNewSeccompProfile()
              .withType("RuntimeDefault")
              .endSeccompProfile()
              .endSecurityContext()
              .addNewContainer()
              .withName("app")
              .withImage("registry.example/app:1")
              .withNewSecurityContext()
              .withAllowPrivilegeEscalation(false)
              .withNewCapabilities()
              .withDrop("ALL")
              .endCapabilities()
              .endSecurityContext()
              .endContainer()
              .endSpec()
              .build();

      client.pods().inNamespace(namespace).resource(compliant).create();

      assertThat(client.pods().inNamespace(namespace).withName("compliant").get()).isNotNull();
    }
  }
}
