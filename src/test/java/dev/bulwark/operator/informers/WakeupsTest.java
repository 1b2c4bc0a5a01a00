package dev.bulwark.operator.informers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.operator.OperatorTimings;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Issue 12: wake-ups stay one per resource however often a reconcile replaces them. */
class WakeupsTest {

  @Test
  void replacingAWakeUpLeavesOneQueuedTaskPerResource() {
    Wakeups<Namespace> wakeups = started(new CopyOnWriteArrayList<>());
    try {
      for (int i = 0; i < 10_000; i++) {
        wakeups.wakeAfter(new ResourceID("ns-" + (i % 3)), Duration.ofHours(10));
      }
      assertThat(wakeups.queued()).isEqualTo(3);
    } finally {
      wakeups.stop();
    }
  }

  @Test
  void aWakeUpFiresOnceForItsResourceAndADeletedResourceForgetsIt() {
    List<ResourceID> fired = new CopyOnWriteArrayList<>();
    Wakeups<Namespace> wakeups = started(fired);
    try {
      wakeups.wakeAfter(new ResourceID("a"), Duration.ofMillis(10));
      wakeups.wakeAfter(new ResourceID("b"), Duration.ofHours(1));
      wakeups.onResourceDeleted(
          new NamespaceBuilder().withNewMetadata().withName("b").endMetadata().build());

      await().atMost(Duration.ofSeconds(5)).until(() -> fired.size() == 1);
      assertThat(fired).containsExactly(new ResourceID("a"));
      assertThat(wakeups.queued()).isZero();
    } finally {
      wakeups.stop();
    }
  }

  @Test
  void noDelayMeansTheSafetyNetIntervalAndLongerDelaysAreCappedAtIt() {
    assertThat(OperatorTimings.production().safetyNet()).isEqualTo(Duration.ofHours(10));
    Wakeups<Namespace> wakeups = started(new CopyOnWriteArrayList<>());
    try {
      wakeups.wakeAfter(new ResourceID("a"), null);
      wakeups.wakeAfter(new ResourceID("b"), Duration.ofDays(400));
      assertThat(wakeups.queued()).isEqualTo(2);
    } finally {
      wakeups.stop();
    }
  }

  private static Wakeups<Namespace> started(List<ResourceID> fired) {
    Wakeups<Namespace> wakeups =
        new Wakeups<>("test-wakeups", OperatorTimings.production().safetyNet());
    wakeups.setEventHandler((Event event) -> fired.add(event.getRelatedCustomResourceID()));
    wakeups.start();
    return wakeups;
  }
}
