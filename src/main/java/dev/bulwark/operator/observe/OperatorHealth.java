package dev.bulwark.operator.observe;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Liveness and readiness of the operator process.
 *
 * <p>Live ({@code /healthz}): while starting, and afterwards as long as java-operator-sdk finds
 * every event source healthy when this process leads (an informer that stopped watching means the
 * process no longer sees events, which a restart repairs). A standby is live: it runs no informers
 * of its controllers.
 *
 * <p>Ready ({@code /readyz}): once started, a standby is ready as a standby (it waits for the Lease
 * and needs no caches for that); a leader once every informer cache, its controllers' and the
 * sealing keys', has listed its objects.
 */
public final class OperatorHealth {

  private final BooleanSupplier synced;
  private final BooleanSupplier healthy;
  private final Leadership leadership;
  private final AtomicBoolean started = new AtomicBoolean();

  /** Health of the operator whose caches are {@code informers}. */
  public OperatorHealth(InformerCaches informers, Leadership leadership) {
    this(informers::synced, informers::healthy, leadership);
  }

  /**
   * @param synced whether every informer cache has listed its objects once
   * @param healthy whether every event source runs and watches
   */
  OperatorHealth(BooleanSupplier synced, BooleanSupplier healthy, Leadership leadership) {
    this.synced = synced;
    this.healthy = healthy;
    this.leadership = leadership;
  }

  /** The operator's start returned: controllers run (leader) or wait for the Lease (standby). */
  public void started() {
    started.set(true);
  }

  /** The liveness answer now. */
  public HealthCheck live() {
    if (!started.get() || leadership.standby()) {
      return new HealthCheck(true, "ok");
    }
    return healthy.getAsBoolean()
        ? new HealthCheck(true, "ok")
        : new HealthCheck(false, "an event source is unhealthy");
  }

  /** The readiness answer now. */
  public HealthCheck ready() {
    if (!started.get()) {
      return new HealthCheck(false, "starting");
    }
    if (leadership.standby()) {
      return new HealthCheck(true, "standby");
    }
    return synced.getAsBoolean()
        ? new HealthCheck(true, "ok")
        : new HealthCheck(false, "informers syncing");
  }
}
