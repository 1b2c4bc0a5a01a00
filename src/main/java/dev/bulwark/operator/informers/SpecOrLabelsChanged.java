package dev.bulwark.operator.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Passes updates that can change a verdict (generation, labels, annotations, or a pod's spec) and
 * drops status-only updates, which on a busy cluster are most of them.
 */
public final class SpecOrLabelsChanged<R extends HasMetadata> implements OnUpdateFilter<R> {

  @Override
  public boolean accept(R updated, R old) {
    var now = updated.getMetadata();
    var before = old.getMetadata();
    if (!Objects.equals(now.getGeneration(), before.getGeneration())
        || !Objects.equals(now.getLabels(), before.getLabels())
        || !Objects.equals(now.getAnnotations(), before.getAnnotations())
        || !Objects.equals(now.getOwnerReferences(), before.getOwnerReferences())) {
      return true;
    }
    return updated instanceof io.fabric8.kubernetes.api.model.Pod pod
        && !Objects.equals(pod.getSpec(), ((io.fabric8.kubernetes.api.model.Pod) old).getSpec());
  }
}
