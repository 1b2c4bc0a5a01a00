package dev.bulwark.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** When the operator is live and ready: while starting, as a standby and as the leader. */
class OperatorHealthTest {

  private final AtomicBoolean synced = new AtomicBoolean();
  private final AtomicBoolean healthy = new AtomicBoolean();

  @Test
  void whileStartingItIsLiveButNotReady() {
    OperatorHealth health = new OperatorHealth(synced::get, healthy::get, new Leadership(false));
    assertThat(health.live()).isEqualTo(new HealthCheck(true, "ok"));
    assertThat(health.ready()).isEqualTo(new HealthCheck(false, "starting"));
  }

  @Test
  void aStandbyIsReadyAsAStandbyWithoutCaches() {
    Leadership leadership = new Leadership(true);
    OperatorHealth health = new OperatorHealth(synced::get, healthy::get, leadership);
    health.started();
    assertThat(health.ready()).isEqualTo(new HealthCheck(true, "standby"));
    assertThat(health.live().ok()).isTrue();

    // Taking the Lease: ready again only once its caches are filled.
    leadership.startedLeading();
    assertThat(health.ready()).isEqualTo(new HealthCheck(false, "informers syncing"));
    assertThat(health.live()).isEqualTo(new HealthCheck(false, "an event source is unhealthy"));
    synced.set(true);
    healthy.set(true);
    assertThat(health.ready()).isEqualTo(new HealthCheck(true, "ok"));
    assertThat(health.live()).isEqualTo(new HealthCheck(true, "ok"));
  }

  @Test
  void aLeaderWhoseInformerStopsIsNotLive() {
    Leadership leadership = new Leadership(false);
    OperatorHealth health = new OperatorHealth(synced::get, healthy::get, leadership);
    synced.set(true);
    healthy.set(true);
    leadership.startedLeading();
    health.started();
    assertThat(health.live().ok()).isTrue();
    healthy.set(false);
    assertThat(health.live().ok()).isFalse();
  }
}
