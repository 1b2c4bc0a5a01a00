package dev.bulwark.operator.namespace;

import dev.bulwark.operator.writes.BulwarkApply;
import dev.bulwark.operator.writes.ObjectRef;
import dev.bulwark.operator.writes.WriteGate;
import dev.bulwark.operator.writes.WriteResult;
import dev.bulwark.plan.NamespacePlan;
import dev.bulwark.plan.Ownership;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the one field Bulwark owns on ServiceAccounts, {@code automountServiceAccountToken}, as the
 * plan says: on the {@code default} account, or on every account when the plan says so. Released by
 * an empty apply, which gives the field back to whoever set it before.
 */
final class ServiceAccountWriter {

  private final KubernetesClient client;

  ServiceAccountWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Writes the field where it differs from the plan; one result per write. */
  List<WriteResult> sync(NamespacePlan plan, OwnedState owned, WriteGate gate) {
    List<WriteResult> results = new ArrayList<>();
    for (ServiceAccount account : owned.serviceAccounts()) {
      String name = account.getMetadata().getName();
      boolean governed = plan.allServiceAccounts() || "default".equals(name);
      if (governed
          && !Objects.equals(account.getAutomountServiceAccountToken(), plan.automountToken())) {
        ObjectRef ref = new ObjectRef("ServiceAccount", plan.namespace(), name);
        results.add(
            gate.write(
                ref,
                managedByBulwark(account),
                "set automountServiceAccountToken=" + plan.automountToken() + " on " + ref,
                () -> BulwarkApply.apply(client, apply(account, plan.automountToken()))));
      }
    }
    return results;
  }

  /** Gives the field back on every account Bulwark wrote; returns the accounts released. */
  List<ObjectRef> release(OwnedState owned) {
    List<ObjectRef> released = new ArrayList<>();
    for (ServiceAccount account : owned.serviceAccounts()) {
      if (managedByBulwark(account)) {
        BulwarkApply.apply(client, apply(account, null));
        released.add(ObjectRef.of("ServiceAccount", account));
      }
    }
    return released;
  }

  /** The apply configuration holding only the automount field (none: released). */
  private static ServiceAccount apply(ServiceAccount account, Boolean automount) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(account.getMetadata().getName())
        .withNamespace(account.getMetadata().getNamespace())
        .endMetadata()
        .withAutomountServiceAccountToken(automount)
        .build();
  }

  /** Whether Bulwark's field manager wrote {@code account} (the cache keeps its managedFields). */
  private static boolean managedByBulwark(ServiceAccount account) {
    return account.getMetadata().getManagedFields() != null
        && account.getMetadata().getManagedFields().stream()
            .anyMatch(f -> Ownership.FIELD_MANAGER.equals(f.getManager()));
  }
}
