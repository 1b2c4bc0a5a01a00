package dev.bulwark.it.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.TestCluster;
import dev.bulwark.testing.Workloads;
import io.fabric8.kubernetes.api.model.Pod;
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
      Pod privileged = Workloads.privilegedPod("privileged");

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
      Pod compliant = Workloads.restrictedPod("compliant");

      client.pods().inNamespace(namespace).resource(compliant).create();

      assertThat(client.pods().inNamespace(namespace).withName("compliant").get()).isNotNull();
    }
  }
}
