package dev.bulwark.it.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kube-controller-manager runs beside the API server, so owner references are honoured. */
@LocalCluster(controllerManager = true)
class GarbageCollectionIT {

  @Test
  void configMapOwnedByADeletedOwnerIsGarbageCollected(TestCluster cluster) {
    String namespace = cluster.createNamespace(Map.of());
    try (KubernetesClient client = cluster.newClient()) {
      ConfigMap owner =
          client
              .configMaps()
              .inNamespace(namespace)
              .resource(
                  new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata().build())
              .create();
      client
          .configMaps()
          .inNamespace(namespace)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("dependent")
                  .addNewOwnerReference()
                  .withApiVersion("v1")
                  .withKind("ConfigMap")
                  .withName("owner")
                  .withUid(owner.getMetadata().getUid())
                  .endOwnerReference()
                  .endMetadata()
                  .build())
          .create();

      client.configMaps().inNamespace(namespace).withName("owner").delete();

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(client.configMaps().inNamespace(namespace).withName("dependent").get())
                      .isNull());
    }
  }
}
