package dev.bulwark.operator.namespace;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;

/** Reads the namespace reconciler's informer caches, by namespace index, not by scanning. */
final class NamespaceCaches {

  private final Context<Namespace> context;

  NamespaceCaches(Context<Namespace> context) {
    this.context = context;
  }

  /** Cached objects of {@code type} in {@code namespace}. */
  <R extends HasMetadata> List<R> in(Class<R> type, String namespace) {
    return informer(type).list(namespace).toList();
  }

  /** Every cached object of a cluster-scoped {@code type}. */
  <R extends HasMetadata> List<R> all(Class<R> type) {
    return informer(type).list().toList();
  }

  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> InformerEventSource<R, Namespace> informer(Class<R> type) {
    return (InformerEventSource<R, Namespace>)
        context.eventSourceRetriever().getEventSourceFor(type);
  }
}
