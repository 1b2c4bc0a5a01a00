package dev.bulwark.operator.namespace;

import dev.bulwark.operator.SpecReplacement;
import dev.bulwark.operator.writes.BulwarkApply;
import dev.bulwark.operator.writes.ObjectRef;
import dev.bulwark.operator.writes.WriteGate;
import dev.bulwark.operator.writes.WriteResult;
import dev.bulwark.plan.NamespacePlan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the objects of one owned kind in a namespace equal to the plan: creates what is missing by
 * server-side apply, puts back what differs by replacing its whole spec with one JSON patch
 * (server-side apply never removes fields another manager added: an extra rule, a narrowed
 * selector, a new quota key), and deletes what the plan no longer holds. One subclass per kind says
 * what is desired, what exists and when the two are the same.
 */
abstract class OwnedObjectWriter<T extends HasMetadata> {

  private final KubernetesClient client;

  OwnedObjectWriter(KubernetesClient client) {
    this.client = client;
  }

  /** The kind, as named in messages and backoff keys. */
  abstract String kind();

  /** The objects of this kind the plan wants. */
  abstract List<T> desired(NamespacePlan plan);

  /** The objects of this kind Bulwark owns in the namespace now (from the caches). */
  abstract List<T> current(OwnedState owned);

  /** Whether {@code have} already has the content of {@code want}. */
  abstract boolean same(T want, T have);

  /** Writes what differs between the plan and what exists; one result per write. */
  final List<WriteResult> sync(NamespacePlan plan, OwnedState owned, WriteGate gate) {
    Map<String, T> byName = new LinkedHashMap<>();
    current(owned).forEach(object -> byName.put(object.getMetadata().getName(), object));
    List<WriteResult> results = new ArrayList<>();
    for (T want : desired(plan)) {
      T have = byName.remove(want.getMetadata().getName());
      ObjectRef ref = ref(plan, want);
      if (have == null) {
        results.add(
            gate.write(ref, false, "created " + ref, () -> BulwarkApply.apply(client, want)));
      } else if (!same(want, have)) {
        results.add(gate.write(ref, true, "updated " + ref, () -> replaceSpec(have, want)));
      }
    }
    for (T stale : byName.values()) {
      ObjectRef ref = ref(plan, stale);
      results.add(
          gate.write(
              ref,
              false,
              "deleted " + ref + " (no longer planned)",
              () -> client.resource(stale).delete()));
    }
    return results;
  }

  private ObjectRef ref(NamespacePlan plan, T object) {
    return new ObjectRef(kind(), plan.namespace(), object.getMetadata().getName());
  }

  /** One JSON patch: Bulwark's labels added, the spec replaced by the plan's. */
  private void replaceSpec(T have, T want) {
    client
        .resource(have)
        .patch(SpecReplacement.context(), SpecReplacement.patch(have, want, false));
  }
}
