package dev.bulwark.operator.defaults;

import dev.bulwark.defaults.TemplateDefaults;
import dev.bulwark.policy.PodTarget;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the values a workload's pod template lacks by server-side apply under {@link
 * WorkloadRemediator#FIELD_MANAGER}, without forcing: only fields nobody owns are taken, and a
 * field another manager owns is a conflict the API server refuses.
 */
final class TemplatePatchWriter {

  private final KubernetesClient client;

  TemplatePatchWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Applies {@code needed} at {@code target}'s pod spec path in {@code workload}.
   *
   * @return the resourceVersion the write produced
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refuses it
   */
  String write(HasMetadata workload, PodTarget target, TemplateDefaults needed) {
    Map<String, Object> fragment = needed.podSpecPatch();
    String[] path = target.specPath().split("\\.");
    for (int i = path.length - 1; i >= 0; i--) {
      Map<String, Object> outer = new LinkedHashMap<>();
      outer.put(path[i], fragment);
      fragment = outer;
    }
    GenericKubernetesResource apply = new GenericKubernetesResource();
    apply.setApiVersion(workload.getApiVersion());
    apply.setKind(workload.getKind());
    apply.setMetadata(
        new ObjectMetaBuilder()
            .withName(workload.getMetadata().getName())
            .withNamespace(workload.getMetadata().getNamespace())
            .build());
    apply.setAdditionalProperty("spec", fragment.get("spec"));
    HasMetadata result =
        client
            .genericKubernetesResources(workload.getApiVersion(), workload.getKind())
            .inNamespace(workload.getMetadata().getNamespace())
            .withName(workload.getMetadata().getName())
            .patch(
                new PatchContext.Builder()
                    .withPatchType(PatchType.SERVER_SIDE_APPLY)
                    .withFieldManager(WorkloadRemediator.FIELD_MANAGER)
                    .withForce(false)
                    .build(),
                Serialization.asJson(apply));
    return result.getMetadata().getResourceVersion();
  }
}
