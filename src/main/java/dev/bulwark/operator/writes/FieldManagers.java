package dev.bulwark.operator.writes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Names the other writer of an object Bulwark writes: the field manager, other than the one given,
 * that wrote it last according to its {@code metadata.managedFields}.
 */
public final class FieldManagers {

  private FieldManagers() {}

  /** The manager other than {@code own} with the latest write in {@code entries}, if any. */
  public static Optional<String> lastOther(List<ManagedFieldsEntry> entries, String own) {
    if (entries == null) {
      return Optional.empty();
    }
    return entries.stream()
        .filter(f -> !own.equals(f.getManager()))
        .filter(f -> f.getTime() != null)
        .max(Comparator.comparing(ManagedFieldsEntry::getTime))
        .map(ManagedFieldsEntry::getManager)
        .filter(Objects::nonNull);
  }

  /**
   * As {@link #lastOther(List, String)}, reading {@code object} (of {@code apiVersion}) from the
   * API server, since the informer caches drop managedFields; empty when it cannot be read.
   */
  public static Optional<String> lastOther(
      KubernetesClient client, String apiVersion, ObjectRef object, String own) {
    try {
      var resources = client.genericKubernetesResources(apiVersion, object.kind());
      GenericKubernetesResource fresh =
          "Namespace".equals(object.kind()) || object.namespace() == null
              ? resources.withName(object.name()).get()
              : resources.inNamespace(object.namespace()).withName(object.name()).get();
      return fresh == null
          ? Optional.empty()
          : lastOther(fresh.getMetadata().getManagedFields(), own);
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }
}
