package dev.bulwark.operator.namespace;

import dev.bulwark.plan.NamespacePlan;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Keeps Bulwark's LimitRange in a namespace equal to the plan (none when it plans none). */
final class LimitRangeWriter extends OwnedObjectWriter<LimitRange> {

  LimitRangeWriter(KubernetesClient client) {
    super(client);
  }

  @Override
  String kind() {
    return "LimitRange";
  }

  @Override
  List<LimitRange> desired(NamespacePlan plan) {
    return plan.limitRange().stream().toList();
  }

  @Override
  List<LimitRange> current(OwnedState owned) {
    return owned.limitRanges();
  }

  @Override
  boolean same(LimitRange want, LimitRange have) {
    return SameContent.limitRange(want, have);
  }
}
