package dev.bulwark.operator.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * At most one pending wake-up per primary resource (a namespace, a baseline): a later {@link
 * #wakeAfter} replaces the earlier one, and a replaced or cancelled wake-up is removed from the
 * queue at once. It stands in for java-operator-sdk's {@code rescheduleAfter} and its maximal
 * reconciliation interval, whose {@code java.util.Timer} keeps every cancelled task until its
 * original due time: one task per reconcile, kept for up to 10 hours, so memory grew with the
 * number of reconciles (issue 12). Here the number of queued tasks is at most the number of
 * namespaces.
 */
public final class Wakeups<P extends HasMetadata> extends AbstractEventSource<Void, P>
    implements ResourceEventAware<P> {

  private final Map<ResourceID, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
  private final ScheduledThreadPoolExecutor timer;
  private final Duration safetyNet;

  /**
   * A wake-up source named {@code name} (its thread is named after it).
   *
   * @param safetyNet the longest time between two reconciles of one resource (java-operator-sdk's
   *     default maximal reconciliation interval is 10 hours), should an event ever be missed
   */
  public Wakeups(String name, Duration safetyNet) {
    super(Void.class, name);
    this.safetyNet = safetyNet;
    timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, "bulwark-" + name);
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * Reconciles {@code resource} after {@code delay} (capped at the safety net), replacing its
   * pending wake-up; a null delay means the safety net.
   */
  public void wakeAfter(ResourceID resource, Duration delay) {
    Duration due = delay == null || delay.compareTo(safetyNet) > 0 ? safetyNet : delay;
    long millis = Math.max(0, due.toMillis());
    pending.compute(
        resource,
        (name, previous) -> {
          if (previous != null) {
            previous.cancel(false);
          }
          return timer.schedule(() -> fire(name), millis, TimeUnit.MILLISECONDS);
        });
  }

  /** Wake-ups queued now: at most one per resource. */
  public int queued() {
    return timer.getQueue().size();
  }

  private void fire(ResourceID resource) {
    if (isRunning()) {
      getEventHandler().handleEvent(new Event(resource));
    }
  }

  @Override
  public void onResourceDeleted(P resource) {
    ScheduledFuture<?> f = pending.remove(ResourceID.fromResource(resource));
    if (f != null) {
      f.cancel(false);
    }
  }

  @Override
  public void stop() {
    super.stop();
    timer.shutdownNow();
    pending.clear();
  }

  @Override
  public Set<Void> getSecondaryResources(P primary) {
    return Set.of();
  }
}
