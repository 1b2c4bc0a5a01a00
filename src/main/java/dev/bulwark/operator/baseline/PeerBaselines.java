package dev.bulwark.operator.baseline;

import dev.bulwark.api.SecurityBaseline;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.Objects;
import java.util.Set;

/**
 * Reconciles every other baseline when one appears, changes its spec or goes: which baseline
 * reports a cluster-level finding depends on all of them ({@link ClusterRbacAudit}), so a change in
 * one moves findings into or out of another's status. Baselines are few and change rarely.
 */
final class PeerBaselines extends AbstractEventSource<Void, SecurityBaseline>
    implements ResourceEventAware<SecurityBaseline> {

  private final EventSourceContext<SecurityBaseline> context;

  PeerBaselines(EventSourceContext<SecurityBaseline> context) {
    super(Void.class, "peer-baselines");
    this.context = context;
  }

  @Override
  public void onResourceCreated(SecurityBaseline baseline) {
    wakeOthers(baseline);
  }

  @Override
  public void onResourceUpdated(SecurityBaseline newer, SecurityBaseline older) {
    if (!Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())
        || !Objects.equals(
            newer.getMetadata().getDeletionTimestamp(),
            older.getMetadata().getDeletionTimestamp())) {
      wakeOthers(newer);
    }
  }

  @Override
  public void onResourceDeleted(SecurityBaseline baseline) {
    wakeOthers(baseline);
  }

  private void wakeOthers(SecurityBaseline changed) {
    if (!isRunning()) {
      return;
    }
    String name = changed.getMetadata().getName();
    context
        .getPrimaryCache()
        .list()
        .filter(b -> !name.equals(b.getMetadata().getName()))
        .forEach(b -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(b))));
  }

  @Override
  public Set<Void> getSecondaryResources(SecurityBaseline primary) {
    return Set.of();
  }
}
