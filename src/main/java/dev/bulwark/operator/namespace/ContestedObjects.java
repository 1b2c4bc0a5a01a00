package dev.bulwark.operator.namespace;

import dev.bulwark.operator.ledger.ContestedObject;
import dev.bulwark.operator.writes.FieldManagers;
import dev.bulwark.operator.writes.ObjectRef;
import dev.bulwark.operator.writes.RepairBackoff;
import dev.bulwark.plan.Ownership;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The owned objects of a namespace repaired twice or more within the repair window, each named with
 * the other field manager that wrote it last (read from the API server, since the caches drop
 * managedFields).
 */
final class ContestedObjects {

  /** API version of each kind Bulwark owns in a namespace. */
  private static final Map<String, String> API_VERSIONS =
      Map.of(
          "Namespace", "v1",
          "NetworkPolicy", "networking.k8s.io/v1",
          "ResourceQuota", "v1",
          "LimitRange", "v1",
          "ServiceAccount", "v1");

  private ContestedObjects() {}

  static List<ContestedObject> in(
      KubernetesClient client, RepairBackoff backoff, String namespace, Instant now) {
    return backoff.contested(namespace, now).stream()
        .map(ref -> new ContestedObject(ref, lastOtherManager(client, ref)))
        .toList();
  }

  private static String lastOtherManager(KubernetesClient client, ObjectRef ref) {
    String apiVersion = API_VERSIONS.get(ref.kind());
    return apiVersion == null
        ? "unknown"
        : FieldManagers.lastOther(client, apiVersion, ref, Ownership.FIELD_MANAGER)
            .orElse("unknown");
  }
}
