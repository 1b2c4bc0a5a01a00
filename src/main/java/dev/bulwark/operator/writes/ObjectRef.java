package dev.bulwark.operator.writes;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One Kubernetes object by kind, namespace and name, as Bulwark names it in status, Events and
 * logs: {@code Kind namespace/name} ({@code Kind name} for a cluster-scoped object other than a
 * Namespace).
 *
 * @param kind the object's kind, e.g. {@code NetworkPolicy}
 * @param namespace its namespace; for a Namespace its own name (so it is named {@code Namespace
 *     ns/ns} and counts among the objects of that namespace); null for other cluster-scoped objects
 * @param name its metadata.name
 */
public record ObjectRef(String kind, String namespace, String name) {

  /** The reference of {@code object}, of kind {@code kind} (model objects may lack their kind). */
  public static ObjectRef of(String kind, HasMetadata object) {
    return new ObjectRef(kind, object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  /** The reference of the Namespace named {@code name}. */
  public static ObjectRef namespace(String name) {
    return new ObjectRef("Namespace", name, name);
  }

  /** The reference of {@code object}, by its own kind. */
  public static ObjectRef of(HasMetadata object) {
    return of(object.getKind(), object);
  }

  @Override
  public String toString() {
    return namespace == null ? kind + " " + name : kind + " " + namespace + "/" + name;
  }
}
