package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** Issue 9, behaviour 6: the API server refuses a SecurityBaseline or SealedSecret without spec. */
@LocalCluster
class SpecRequiredIT {

  @Test
  void securityBaselineWithoutSpecIsRefused(TestCluster cluster) {
    RunningOperator.installCrds(cluster);
    assertRefused(
        cluster,
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: SecurityBaseline
        metadata: {name: no-spec}
        """);
  }

  @Test
  void sealedSecretWithoutSpecIsRefused(TestCluster cluster) {
    RunningOperator.installCrds(cluster);
    String ns = cluster.createNamespace(java.util.Map.of());
    assertRefused(
        cluster,
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: SealedSecret
        metadata: {name: no-spec, namespace: %s}
        """
            .formatted(ns));
  }

  private static void assertRefused(TestCluster cluster, String yaml) {
    try (KubernetesClient client = cluster.newClient()) {
      GenericKubernetesResource object =
          Serialization.unmarshal(yaml, GenericKubernetesResource.class);
      assertThatThrownBy(() -> client.resource(object).create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e ->
                  org.assertj.core.api.Assertions.assertThat(e.getMessage())
                      .contains("spec")
                      .contains("Required value"));
    }
  }
}
