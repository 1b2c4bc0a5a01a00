package dev.bulwark.operator.namespace;

import dev.bulwark.plan.NamespacePlan;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Keeps Bulwark's ResourceQuota in a namespace equal to the plan (none when it plans none). */
final class ResourceQuotaWriter extends OwnedObjectWriter<ResourceQuota> {

  ResourceQuotaWriter(KubernetesClient client) {
    super(client);
  }

  @Override
  String kind() {
    return "ResourceQuota";
  }

  @Override
  List<ResourceQuota> desired(NamespacePlan plan) {
    return plan.quota().stream().toList();
  }

  @Override
  List<ResourceQuota> current(OwnedState owned) {
    return owned.quotas();
  }

  @Override
  boolean same(ResourceQuota want, ResourceQuota have) {
    return SameContent.quota(want, have);
  }
}
