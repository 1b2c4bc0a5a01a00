package dev.bulwark.operator.namespace;

import dev.bulwark.api.Mode;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.plan.Governance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back what an Enforce baseline set up in a namespace once that baseline no longer governs
 * it: no baseline selects the namespace any more, or a baseline in Audit mode won it. (Another
 * Enforce baseline takes the objects over in its own apply; the same baseline switched to Audit
 * keeps them, as documented.) Deletes the owned objects, releases the ServiceAccount field, then
 * restores the previous Pod Security labels and drops the ownership annotations in one write, so
 * the record of the previous labels is never gone before they are back. Every step is idempotent: a
 * crash or a refusal anywhere is finished by the next reconcile, which still sees the annotation.
 */
final class NamespaceRelease {

  private static final Logger log = LoggerFactory.getLogger(NamespaceRelease.class);

  private final KubernetesClient client;

  NamespaceRelease(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Releases {@code namespace} if the baseline that enforced it gave it up under {@code
   * governance}.
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refuses a
   *     step; the ownership annotation is still there, so the next attempt finishes it
   */
  void releaseIfGivenUp(Namespace namespace, Governance governance, OwnedState owned) {
    String enforcedBy = PodSecurityLabelsWriter.governedBy(namespace);
    if (enforcedBy == null) {
      return;
    }
    Optional<SecurityBaseline> winner = governance.winner();
    if (winner.isEmpty()) {
      release(namespace, owned, "no baseline governs it any more");
    } else if (winner.get().getSpec().mode == Mode.Audit
        && !enforcedBy.equals(winner.get().getMetadata().getName())) {
      release(
          namespace,
          owned,
          "baseline "
              + enforcedBy
              + " gave way to Audit baseline "
              + winner.get().getMetadata().getName());
    }
  }

  private void release(Namespace namespace, OwnedState owned, String why) {
    String name = namespace.getMetadata().getName();
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(owned.networkPolicies());
    objects.addAll(owned.quotas());
    objects.addAll(owned.limitRanges());
    for (HasMetadata object : objects) {
      client.resource(object).delete();
      log.info(
          "deleted {} {}/{} ({})", object.getKind(), name, object.getMetadata().getName(), why);
    }
    new ServiceAccountWriter(client)
        .release(owned)
        .forEach(
            account -> log.info("released automountServiceAccountToken on {} ({})", account, why));
    new PodSecurityLabelsWriter(client).release(namespace, why);
  }
}
