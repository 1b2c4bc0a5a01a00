package dev.bulwark.operator.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;

/**
 * An informer store that drops managedFields, the largest part of most cached objects, and shares
 * the empty maps and lists of the metadata ({@link CompactMetadata}).
 */
public final class WithoutManagedFields<R extends HasMetadata> extends TransformingItemStore<R> {

  public WithoutManagedFields() {
    super(
        resource -> {
          resource.getMetadata().setManagedFields(null);
          CompactMetadata.compact(resource.getMetadata());
          return resource;
        });
  }
}
