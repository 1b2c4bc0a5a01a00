package dev.bulwark.seal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.bulwark.api.SealedSecret;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;

/**
 * Writes the unsealed Secret with server-side apply under the field manager {@code bulwark}. What
 * apply cannot undo — data keys or a controller reference another manager added — is removed by a
 * JSON patch first; a changed type or an immutable Secret is recreated.
 */
final class SecretWriter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;

  SecretWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Makes the Secret be {@code desired}; {@code existing} is null when there is none. */
  Secret write(Secret existing, Secret desired, SealedSecret owner) {
    String namespace = desired.getMetadata().getNamespace();
    String name = desired.getMetadata().getName();
    if (existing != null && UnsealedSecrets.needsRecreate(existing, desired)) {
      client
          .secrets()
          .inNamespace(namespace)
          .withName(name)
          .lockResourceVersion(existing.getMetadata().getResourceVersion())
          .delete();
      existing = null;
    }
    if (existing != null) {
      stripForeignFields(existing, desired, owner);
    }
    return client
        .secrets()
        .inNamespace(namespace)
        .resource(desired)
        .fieldManager(SealedSecretReconciler.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  private void stripForeignFields(Secret existing, Secret desired, SealedSecret owner) {
    List<String> extraKeys = UnsealedSecrets.extraDataKeys(existing, desired);
    List<OwnerReference> foreign = UnsealedSecrets.foreignControllers(existing, owner);
    if (extraKeys.isEmpty() && foreign.isEmpty()) {
      return;
    }
    ArrayNode ops = JSON.createArrayNode();
    ops.addObject()
        .put("op", "test")
        .put("path", "/metadata/resourceVersion")
        .put("value", existing.getMetadata().getResourceVersion());
    for (String key : extraKeys) {
      ops.addObject().put("op", "remove").put("path", "/data/" + pointerEscape(key));
    }
    if (!foreign.isEmpty()) {
      List<OwnerReference> kept =
          existing.getMetadata().getOwnerReferences().stream()
              .filter(ref -> !foreign.contains(ref))
              .toList();
      ops.addObject()
          .put("op", "replace")
          .put("path", "/metadata/ownerReferences")
          .set("value", JSON.valueToTree(kept));
    }
    client
        .secrets()
        .inNamespace(existing.getMetadata().getNamespace())
        .withName(existing.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON), ops.toString());
  }

  private static String pointerEscape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
