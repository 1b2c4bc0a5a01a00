package dev.bulwark.operator.namespace;

import dev.bulwark.operator.writes.WriteGate;
import dev.bulwark.operator.writes.WriteResult;
import dev.bulwark.plan.NamespacePlan;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings one namespace's owned state in line with its plan, one writer per owned kind, writing only
 * what differs (see {@link OwnedObjectWriter}).
 */
final class NamespaceEnforcement {

  private final PodSecurityLabelsWriter labels;
  private final List<OwnedObjectWriter<?>> objects;
  private final ServiceAccountWriter serviceAccounts;

  NamespaceEnforcement(KubernetesClient client) {
    this.labels = new PodSecurityLabelsWriter(client);
    this.objects =
        List.of(
            new NetworkPolicyWriter(client),
            new ResourceQuotaWriter(client),
            new LimitRangeWriter(client));
    this.serviceAccounts = new ServiceAccountWriter(client);
  }

  /**
   * Applies {@code plan} where {@code namespace} and its {@code owned} objects differ from it. A
   * write the API server refuses is a result, not an exception, and the rest is still written.
   */
  EnforcementResult enforce(
      NamespacePlan plan, Namespace namespace, OwnedState owned, WriteGate gate) {
    List<WriteResult> writes = new ArrayList<>();
    PodSecurityLabelsWriter.LabelsResult labelWrite = labels.sync(plan, namespace, gate);
    labelWrite.write().ifPresent(writes::add);
    for (OwnedObjectWriter<?> writer : objects) {
      writes.addAll(writer.sync(plan, owned, gate));
    }
    writes.addAll(serviceAccounts.sync(plan, owned, gate));
    return new EnforcementResult(
        List.copyOf(writes), labelWrite.tightened(), labelWrite.warnings());
  }
}
