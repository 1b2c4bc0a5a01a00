package dev.bulwark.operator.namespace;

import dev.bulwark.policy.WorkloadKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Optional;

/**
 * Which controller's template an object was made from: only a controller of an audited kind ({@link
 * WorkloadKind#templateOwnerOf}), and only while that controller exists. A ReplicaSet or Job so
 * made is skipped by the audit (its controller is audited in its place); a Pod so made is compared
 * with that template ({@link PodTemplates}). A Pod of any other controller (an operator's custom
 * resource) is audited as it is.
 */
final class AuditedOwners {

  private AuditedOwners() {}

  /**
   * Whether {@code object} of {@code kind} names, as its controller, an audited kind that made it
   * from its template; says nothing about whether that controller exists.
   */
  static boolean madeFromControllerTemplate(Class<? extends HasMetadata> kind, HasMetadata object) {
    return templateOwner(kind, object).isPresent();
  }

  /**
   * Whether {@code object} of {@code kind} is covered by its controller's audit: it was made from
   * the template of its controller ({@link #madeFromControllerTemplate}), and that controller is in
   * {@code caches} with the same uid.
   */
  static boolean coveredByController(
      Class<? extends HasMetadata> kind, HasMetadata object, NamespaceCaches caches) {
    return templateController(kind, object, caches).isPresent();
  }

  /**
   * The controller of {@code object} (of {@code kind}) that made it from its template, when that
   * controller is of an audited kind and in {@code caches} with the same uid.
   */
  static Optional<? extends HasMetadata> templateController(
      Class<? extends HasMetadata> kind, HasMetadata object, NamespaceCaches caches) {
    Optional<WorkloadKind> owner = templateOwner(kind, object);
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    OwnerReference ref = WorkloadKind.controllerOf(object).orElseThrow();
    return caches.in(owner.get().type(), object.getMetadata().getNamespace()).stream()
        .filter(
            o ->
                ref.getName().equals(o.getMetadata().getName())
                    && (ref.getUid() == null || ref.getUid().equals(o.getMetadata().getUid())))
        .findFirst();
  }

  private static Optional<WorkloadKind> templateOwner(
      Class<? extends HasMetadata> kind, HasMetadata object) {
    return WorkloadKind.of(kind).flatMap(k -> k.templateOwnerOf(object));
  }
}
