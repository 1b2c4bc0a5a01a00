package dev.bulwark.operator;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The operator's own namespace, created on first start so a local run needs no extra step; by
 * server-side apply, so replicas starting together do not fail on each other.
 */
final class OperatorNamespace {

  private OperatorNamespace() {}

  static void ensure(KubernetesClient client, String name) {
    if (client.namespaces().withName(name).get() == null) {
      client
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .addToLabels("app.kubernetes.io/part-of", "bulwark")
                  .endMetadata()
                  .build())
          .fieldManager(dev.bulwark.plan.Ownership.FIELD_MANAGER)
          .serverSideApply();
    }
  }
}
