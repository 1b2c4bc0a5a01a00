package dev.bulwark.operator.namespace;

import dev.bulwark.policy.ContentFingerprint;
import dev.bulwark.policy.Fingerprint;
import dev.bulwark.policy.PodContent;
import dev.bulwark.policy.PodTarget;
import dev.bulwark.policy.WorkloadKind;
import dev.bulwark.policy.WorkloadPods;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * For one audit pass over one namespace: which template stands for each pod, by fingerprint. A
 * pod's template is that of the topmost controller in its chain of audited controllers that exist
 * in the cache, the one whose template the audit reports: a ReplicaSet's Deployment and a Job's
 * CronJob, else the ReplicaSet, StatefulSet, DaemonSet, Job or ReplicationController itself. So a
 * pod of an old ReplicaSet (a rollout in progress, paused or stuck) is compared with its
 * Deployment's current template and differs from it, as does a StatefulSet's or DaemonSet's pod of
 * an old revision ({@code OnDelete}, {@code partition}). Objects read whole from the API server and
 * fingerprints are kept for the pass only.
 */
final class PodTemplates {

  private final NamespaceCaches caches;
  private final Map<String, Optional<Fingerprint>> fingerprints = new HashMap<>();
  private final Map<String, Optional<HasMetadata>> wholes = new HashMap<>();

  PodTemplates(NamespaceCaches caches) {
    this.caches = caches;
  }

  /**
   * The fingerprint ({@link ContentFingerprint}) of the template that stands for {@code pod}; empty
   * when no controller of an audited kind that made it from its template exists, so the pod stands
   * for itself.
   */
  Optional<Fingerprint> templateFingerprint(Pod pod) {
    Optional<? extends HasMetadata> direct =
        AuditedOwners.templateController(Pod.class, pod, caches);
    if (direct.isEmpty()) {
      return Optional.empty();
    }
    HasMetadata controller = direct.get();
    HasMetadata top =
        AuditedOwners.templateController(controller.getClass(), controller, caches)
            .map(HasMetadata.class::cast)
            .orElse(controller);
    return fingerprints.computeIfAbsent(uidOrName(top), key -> fingerprintOf(top));
  }

  /**
   * Whether {@code pod} is judged by its own content: no template stands for it, or it does not run
   * what that template says (their fingerprints differ).
   */
  boolean judgedOnItsOwn(Pod pod) {
    Optional<Fingerprint> template = templateFingerprint(pod);
    return template.isEmpty() || !template.get().equals(contentOf(pod).fingerprint());
  }

  /**
   * The content of a cached pod: its spec, which the pod store ({@link SlimWorkloads}) made a
   * shared {@link PodContent}; computed afresh for a pod that did not come from that store.
   */
  static PodContent contentOf(Pod pod) {
    return pod.getSpec() instanceof PodContent content
        ? content
        : PodContent.of(pod.getMetadata(), pod.getSpec());
  }

  /**
   * {@code object} of {@code kind} whole: itself, or, for a stub ({@link SlimWorkloads}), the
   * object read from the API server once per pass; null when it is gone.
   */
  HasMetadata whole(Class<? extends HasMetadata> kind, HasMetadata object) {
    if (!SlimWorkloads.isStub(object)) {
      return object;
    }
    return wholes
        .computeIfAbsent(uidOrName(object), key -> Optional.ofNullable(caches.whole(kind, object)))
        .orElse(null);
  }

  private Optional<Fingerprint> fingerprintOf(HasMetadata controller) {
    HasMetadata object = whole(controller.getClass(), controller);
    if (object == null) {
      return Optional.empty();
    }
    Optional<PodTarget> template = WorkloadPods.extract(object);
    return template.map(t -> ContentFingerprint.of(t.metadata(), t.spec()));
  }

  private static String uidOrName(HasMetadata object) {
    String uid = object.getMetadata().getUid();
    return uid != null
        ? uid
        : WorkloadKind.of(object.getClass()).map(WorkloadKind::kind).orElse("")
            + "/"
            + object.getMetadata().getName();
  }
}
