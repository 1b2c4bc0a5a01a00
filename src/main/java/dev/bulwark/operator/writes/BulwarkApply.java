package dev.bulwark.operator.writes;

import dev.bulwark.plan.Ownership;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Server-side apply under Bulwark's field manager ({@link Ownership#FIELD_MANAGER}), forcing
 * conflicts: the fields in the apply configuration become Bulwark's.
 */
public final class BulwarkApply {

  private BulwarkApply() {}

  /**
   * Applies {@code object} (an apply configuration: only the fields Bulwark owns).
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refuses it
   */
  public static void apply(KubernetesClient client, HasMetadata object) {
    client
        .resource(object)
        .fieldManager(Ownership.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }
}
