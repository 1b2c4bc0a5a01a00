package dev.bulwark.operator.namespace;

import dev.bulwark.plan.NamespacePlan;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Keeps Bulwark's NetworkPolicies in a namespace equal to the plan. */
final class NetworkPolicyWriter extends OwnedObjectWriter<NetworkPolicy> {

  NetworkPolicyWriter(KubernetesClient client) {
    super(client);
  }

  @Override
  String kind() {
    return "NetworkPolicy";
  }

  @Override
  List<NetworkPolicy> desired(NamespacePlan plan) {
    return plan.networkPolicies();
  }

  @Override
  List<NetworkPolicy> current(OwnedState owned) {
    return owned.networkPolicies();
  }

  @Override
  boolean same(NetworkPolicy want, NetworkPolicy have) {
    return SameContent.networkPolicy(want, have);
  }
}
