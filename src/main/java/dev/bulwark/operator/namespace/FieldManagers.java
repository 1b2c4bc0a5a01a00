package dev.bulwark.operator.namespace;

import dev.bulwark.plan.Ownership;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Names the other writer of an object Bulwark keeps repairing: the field manager, other than
 * Bulwark's, that wrote it last (from metadata.managedFields, read on demand since the caches drop
 * them).
 */
final class FieldManagers {

  private static final Map<String, String> API_VERSIONS =
      Map.of(
          "Namespace", "v1",
          "NetworkPolicy", "networking.k8s.io/v1",
          "ResourceQuota", "v1",
          "LimitRange", "v1",
          "ServiceAccount", "v1");

  private FieldManagers() {}

  /** The last other manager of {@code kind} {@code namespace}/{@code name}, if one can be read. */
  static Optional<String> lastOther(
      KubernetesClient client, String kind, String namespace, String name) {
    String apiVersion = API_VERSIONS.get(kind);
    if (apiVersion == null) {
      return Optional.empty();
    }
    try {
      var resources = client.genericKubernetesResources(apiVersion, kind);
      GenericKubernetesResource object =
          "Namespace".equals(kind)
              ? resources.withName(name).get()
              : resources.inNamespace(namespace).withName(name).get();
      if (object == null || object.getMetadata().getManagedFields() == null) {
        return Optional.empty();
      }
      return object.getMetadata().getManagedFields().stream()
          .filter(f -> !Ownership.FIELD_MANAGER.equals(f.getManager()))
          .filter(f -> f.getTime() != null)
          .max(Comparator.comparing(ManagedFieldsEntry::getTime))
          .map(ManagedFieldsEntry::getManager)
          .filter(Objects::nonNull);
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }
}
