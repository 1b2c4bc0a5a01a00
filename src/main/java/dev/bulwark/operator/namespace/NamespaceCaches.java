package dev.bulwark.operator.namespace;

import dev.bulwark.plan.Ownership;
import dev.bulwark.rbac.RbacSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;

/** Reads the namespace reconciler's informer caches, by namespace index, not by scanning. */
final class NamespaceCaches {

  private final Context<Namespace> context;
  private final RbacSnapshots rbac;

  NamespaceCaches(Context<Namespace> context, RbacSnapshots rbac) {
    this.context = context;
    this.rbac = rbac;
  }

  /** The RBAC snapshot of the role and binding caches, rebuilt only after they changed. */
  RbacSnapshot rbacSnapshot() {
    return rbac.current(
        () ->
            RbacSnapshot.of(
                all(ClusterRole.class),
                all(Role.class),
                all(RoleBinding.class),
                all(ClusterRoleBinding.class)));
  }

  /** What exists in {@code namespace} of the kinds Bulwark owns or patches. */
  OwnedState owned(String namespace) {
    return new OwnedState(
        in(NetworkPolicy.class, namespace).stream().filter(NamespaceCaches::bulwarks).toList(),
        in(ResourceQuota.class, namespace),
        in(LimitRange.class, namespace),
        in(ServiceAccount.class, namespace));
  }

  /** Whether {@code object} carries Bulwark's managed-by label. */
  private static boolean bulwarks(HasMetadata object) {
    java.util.Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null
        && Ownership.MANAGED_BY_VALUE.equals(labels.get(Ownership.MANAGED_BY_LABEL));
  }

  /** Cached objects of {@code type} in {@code namespace}. */
  <R extends HasMetadata> List<R> in(Class<R> type, String namespace) {
    return informer(type).byIndex(NamespaceInformers.BY_NAMESPACE, namespace);
  }

  /** Every cached object of a cluster-scoped {@code type}. */
  <R extends HasMetadata> List<R> all(Class<R> type) {
    return informer(type).list().toList();
  }

  /**
   * {@code object} whole: itself, or, when the cache holds only a stub of it ({@link
   * SlimWorkloads}), the object read from the API server; null when it is gone.
   */
  HasMetadata whole(Class<? extends HasMetadata> type, HasMetadata object) {
    if (!SlimWorkloads.isStub(object)) {
      return object;
    }
    return context
        .getClient()
        .resources(type)
        .inNamespace(object.getMetadata().getNamespace())
        .withName(object.getMetadata().getName())
        .get();
  }

  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> InformerEventSource<R, Namespace> informer(Class<R> type) {
    return (InformerEventSource<R, Namespace>)
        context.eventSourceRetriever().getEventSourceFor(type);
  }
}
