package dev.bulwark.operator.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;

/**
 * A primary-to-secondary mapper for informers whose secondaries Bulwark never asks for by primary
 * ({@code Context.getSecondaryResources}): it reads its caches through its own indexes (e.g. by
 * namespace, {@code NamespaceCaches}). Configuring one makes java-operator-sdk skip its default
 * primary-to-secondary index, which keeps, per primary, a set of the ids of every secondary the
 * informer's secondary-to-primary mapper maps to it, and calls that mapper a second time per event
 * to keep the index. At 150,000 pods over 10,000 namespaces that index held a set per namespace and
 * informer and an id per cached object (about 70 MiB, issue 24), and a baseline or RBAC object
 * mapping to every namespace put itself in 10,000 sets.
 */
public final class NoSecondaryIndex {

  private NoSecondaryIndex() {}

  /**
   * A mapper that refuses: asking an informer configured with it for the secondaries of a primary
   * is a programming error (read its cache or an index of it instead).
   */
  public static <P extends HasMetadata> PrimaryToSecondaryMapper<P> mapper() {
    return primary -> {
      throw new UnsupportedOperationException(
          "secondaries of "
              + primary.getKind()
              + " "
              + primary.getMetadata().getName()
              + " are not indexed by primary: read the informer's cache or its namespace index");
    };
  }
}
