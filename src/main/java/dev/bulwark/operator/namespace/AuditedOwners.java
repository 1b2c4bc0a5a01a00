package dev.bulwark.operator.namespace;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which objects the audit may skip because their controller is audited in their place: only a
 * controller of a kind Bulwark audits itself whose template the object was made from (a Pod of a
 * ReplicaSet, StatefulSet, DaemonSet, Job or ReplicationController; a ReplicaSet of a Deployment; a
 * Job of a CronJob), and only while that controller exists. A Pod of any other controller (an
 * operator's custom resource) is audited as it is.
 */
final class AuditedOwners {

  /** Per audited kind: the controller kinds (group/Kind) whose template it comes from. */
  private static final Map<Class<? extends HasMetadata>, Map<String, Class<? extends HasMetadata>>>
      TEMPLATE_OWNERS =
          Map.of(
              Pod.class,
              Map.of(
                  "apps/ReplicaSet", ReplicaSet.class,
                  "apps/StatefulSet", StatefulSet.class,
                  "apps/DaemonSet", DaemonSet.class,
                  "batch/Job", Job.class,
                  "/ReplicationController", ReplicationController.class),
              ReplicaSet.class,
              Map.of("apps/Deployment", Deployment.class),
              Job.class,
              Map.of("batch/CronJob", CronJob.class));

  private AuditedOwners() {}

  /** Kinds Bulwark audits whose objects a controller of an audited kind may have made. */
  static Set<Class<? extends HasMetadata>> skippable() {
    return TEMPLATE_OWNERS.keySet();
  }

  /**
   * Whether {@code object} of {@code kind} names, as its controller, a kind Bulwark audits that
   * made it from its template; says nothing about whether that controller exists.
   */
  static boolean madeFromControllerTemplate(Class<? extends HasMetadata> kind, HasMetadata object) {
    Map<String, Class<? extends HasMetadata>> owners = TEMPLATE_OWNERS.get(kind);
    return owners != null
        && controller(object)
            .map(ref -> owners.containsKey(group(ref.getApiVersion()) + "/" + ref.getKind()))
            .orElse(false);
  }

  /**
   * Whether {@code object} of {@code kind} is covered by its controller's audit: its controller
   * owner reference names an audited kind that made it from its template, and that controller is in
   * {@code caches} with the same uid.
   */
  static boolean coveredByController(
      Class<? extends HasMetadata> kind, HasMetadata object, NamespaceCaches caches) {
    Map<String, Class<? extends HasMetadata>> owners = TEMPLATE_OWNERS.get(kind);
    if (owners == null) {
      return false;
    }
    Optional<OwnerReference> controller = controller(object);
    if (controller.isEmpty()) {
      return false;
    }
    OwnerReference ref = controller.get();
    Class<? extends HasMetadata> ownerKind =
        owners.get(group(ref.getApiVersion()) + "/" + ref.getKind());
    if (ownerKind == null) {
      return false;
    }
    List<? extends HasMetadata> candidates =
        caches.in(ownerKind, object.getMetadata().getNamespace());
    return candidates.stream()
        .anyMatch(
            o ->
                ref.getName().equals(o.getMetadata().getName())
                    && (ref.getUid() == null || ref.getUid().equals(o.getMetadata().getUid())));
  }

  private static Optional<OwnerReference> controller(HasMetadata object) {
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    return refs == null
        ? Optional.empty()
        : refs.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
  }

  private static String group(String apiVersion) {
    if (apiVersion == null) {
      return "";
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
