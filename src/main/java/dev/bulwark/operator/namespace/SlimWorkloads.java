package dev.bulwark.operator.namespace;

import dev.bulwark.operator.informers.CompactMetadata;
import dev.bulwark.operator.informers.CompactModel;
import dev.bulwark.policy.PodContent;
import dev.bulwark.policy.PodContents;
import dev.bulwark.policy.WorkloadKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The informer store of an audited workload kind, holding only what the audit reads: no
 * managedFields, no status, no {@code kubectl.kubernetes.io/last-applied-configuration}. A Pod's
 * spec is replaced by its {@link PodContent} (the fields the checks read), shared with every pod
 * that runs the same thing, and its metadata by the few fields read ({@link #podMetadata}), so a
 * pod costs little more than its name, uid, labels and controller reference, and each distinct
 * content is fingerprinted and judged once. A ReplicaSet or Job made from the template of a
 * controller of an audited kind (a Deployment, a CronJob, see {@link AuditedOwners}) keeps no spec:
 * what its pods run is judged from the pods, and its controller's template is audited in its place.
 * Such a stub keeps its metadata (labels, annotations, owner references), so update filters and
 * owner look-ups still work; when its controller is not in the cache, the audit reads the whole
 * object from the API server ({@link NamespaceCaches#whole}). The object is slimmed in place, so an
 * informer's event handlers see the same slim object as the store.
 */
final class SlimWorkloads<R extends HasMetadata> extends TransformingItemStore<R> {

  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /** Label maps of cached pods, shared by equality (immutable, so any store may share them). */
  private static final SharedLabels LABELS = new SharedLabels();

  SlimWorkloads(Class<R> kind) {
    this(kind, kind == Pod.class ? new PodContents() : null);
  }

  private SlimWorkloads(Class<R> kind, PodContents contents) {
    super(object -> slim(kind, object, contents));
  }

  /**
   * Slims {@code object} of {@code kind} in place and returns it; a Pod's content is shared through
   * {@code contents}.
   */
  static <R extends HasMetadata> R slim(Class<R> kind, R object, PodContents contents) {
    var metadata = object.getMetadata();
    metadata.setManagedFields(null);
    if (metadata.getAnnotations() != null && metadata.getAnnotations().containsKey(LAST_APPLIED)) {
      Map<String, String> annotations = new HashMap<>(metadata.getAnnotations());
      annotations.remove(LAST_APPLIED);
      metadata.setAnnotations(annotations);
    }
    boolean stub = AuditedOwners.madeFromControllerTemplate(kind, object);
    switch (object) {
      case Pod pod -> {
        PodContent content = contents.of(metadata, pod.getSpec());
        pod.setStatus(null);
        pod.setSpec(content);
        pod.setMetadata(podMetadata(pod, content));
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setAdditionalProperties(Map.of());
      }
      case ReplicaSet rs -> {
        CompactMetadata.compact(metadata);
        rs.setStatus(null);
        if (stub) {
          rs.setSpec(null);
        }
      }
      case Job job -> {
        CompactMetadata.compact(metadata);
        job.setStatus(null);
        if (stub) {
          job.setSpec(null);
        }
      }
      case Deployment d -> {
        CompactMetadata.compact(metadata);
        d.setStatus(null);
      }
      case StatefulSet s -> {
        CompactMetadata.compact(metadata);
        s.setStatus(null);
      }
      case DaemonSet d -> {
        CompactMetadata.compact(metadata);
        d.setStatus(null);
      }
      case CronJob c -> {
        CompactMetadata.compact(metadata);
        c.setStatus(null);
      }
      case ReplicationController rc -> {
        CompactMetadata.compact(metadata);
        rc.setStatus(null);
      }
      default -> CompactMetadata.compact(metadata);
    }
    if (!(object instanceof Pod)) {
      // A workload keeps its whole template: share its empty maps and lists (issue 24).
      CompactModel.compact(object);
    }
    return object;
  }

  /**
   * The metadata a pod keeps in the store: what the informer needs (name, namespace, uid,
   * resourceVersion, generation, deletionTimestamp), the labels (exceptions select by them), the
   * annotations the checks read (shared with {@code content}), and the controller reference (which
   * template stands for the pod). Every other annotation, owner reference, the finalizers and the
   * timestamps are never read. Empty maps and lists are the shared immutable ones, never null:
   * java-operator-sdk reads the annotations of every object its informers see. Values many pods
   * repeat are shared, not copied per pod (issue 24): the namespace and the controller's name and
   * uid as interned strings, equal label maps as one unmodifiable map ({@link SharedLabels}).
   */
  static ObjectMeta podMetadata(Pod pod, PodContent content) {
    ObjectMeta metadata = pod.getMetadata();
    ObjectMeta slim = new ObjectMeta();
    slim.setName(metadata.getName());
    slim.setNamespace(intern(metadata.getNamespace()));
    slim.setUid(metadata.getUid());
    slim.setResourceVersion(metadata.getResourceVersion());
    slim.setGeneration(metadata.getGeneration());
    slim.setDeletionTimestamp(metadata.getDeletionTimestamp());
    slim.setLabels(LABELS.of(metadata.getLabels()));
    slim.setAnnotations(content.securityAnnotations());
    slim.setOwnerReferences(
        WorkloadKind.controllerOf(pod)
            .map(ref -> List.of(controllerReference(ref)))
            .orElse(List.of()));
    slim.setFinalizers(List.of());
    slim.setManagedFields(List.of());
    slim.setAdditionalProperties(Map.of());
    return slim;
  }

  private static OwnerReference controllerReference(OwnerReference ref) {
    OwnerReference slim = new OwnerReference();
    // Values the pods of a controller (kind and apiVersion: all pods) repeat: one copy each.
    slim.setApiVersion(ref.getApiVersion() == null ? null : ref.getApiVersion().intern());
    slim.setKind(ref.getKind() == null ? null : ref.getKind().intern());
    slim.setName(intern(ref.getName()));
    slim.setUid(intern(ref.getUid()));
    slim.setController(Boolean.TRUE);
    slim.setAdditionalProperties(Map.of());
    return slim;
  }

  private static String intern(String value) {
    return value == null ? null : value.intern();
  }

  /** Whether the store dropped {@code object}'s spec (see the class comment). */
  static boolean isStub(HasMetadata object) {
    return switch (object) {
      case ReplicaSet rs -> rs.getSpec() == null;
      case Job job -> job.getSpec() == null;
      default -> false;
    };
  }
}
