package dev.bulwark.operator.writes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.operator.OperatorTimings;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RepairBackoffTest {

  private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
  private static final ObjectRef POLICY = new ObjectRef("NetworkPolicy", "ns", "deny");

  @Test
  void oneFreeRepairThenFiveSecondsDoublingUpToTenMinutes() {
    RepairBackoff backoff = new RepairBackoff(OperatorTimings.production(), 1);
    assertThat(backoff.waitUntil(POLICY, T0)).isEmpty();
    backoff.repaired(POLICY, T0);
    assertThat(backoff.waitUntil(POLICY, T0)).contains(T0.plusSeconds(5));
    backoff.repaired(POLICY, T0.plusSeconds(5));
    assertThat(backoff.waitUntil(POLICY, T0.plusSeconds(5))).contains(T0.plusSeconds(15));
    Instant t = T0.plusSeconds(15);
    for (int i = 0; i < 10; i++) {
      backoff.repaired(POLICY, t);
      t = backoff.waitUntil(POLICY, t).orElseThrow();
    }
    backoff.repaired(POLICY, t);
    assertThat(Duration.between(t, backoff.waitUntil(POLICY, t).orElseThrow()))
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void twoFreeRepairsForTheDefaultingPolicy() {
    RepairBackoff backoff = new RepairBackoff(OperatorTimings.production(), 2);
    backoff.repaired(POLICY, T0);
    assertThat(backoff.waitUntil(POLICY, T0)).isEmpty();
    backoff.repaired(POLICY, T0);
    assertThat(backoff.waitUntil(POLICY, T0)).contains(T0.plusSeconds(5));
  }

  @Test
  void repairsAreForgottenAWindowAfterTheLast() {
    RepairBackoff backoff = new RepairBackoff(OperatorTimings.production(), 1);
    backoff.repaired(POLICY, T0);
    backoff.repaired(POLICY, T0.plusSeconds(5));
    assertThat(backoff.contested("ns", T0.plusSeconds(6))).containsExactly(POLICY);
    assertThat(backoff.contested("other", T0.plusSeconds(6))).isEmpty();
    Instant later = T0.plusSeconds(5).plus(Duration.ofMinutes(10)).plusSeconds(1);
    assertThat(backoff.contested("ns", later)).isEmpty();
    assertThat(backoff.waitUntil(POLICY, later)).isEmpty();
  }

  @Test
  void aRefusalWaitsLikeARepairWithoutContestingAndIsForgottenWhenAWriteGoesThrough() {
    RepairBackoff backoff = new RepairBackoff(OperatorTimings.production(), 1);
    backoff.refused(POLICY, T0, "HTTP 403: forbidden");
    assertThat(backoff.refusedUntil(POLICY, T0).orElseThrow().message())
        .isEqualTo("HTTP 403: forbidden");
    assertThat(backoff.refusedUntil(POLICY, T0).orElseThrow().until()).isEqualTo(T0.plusSeconds(5));
    backoff.refused(POLICY, T0.plusSeconds(5), "HTTP 403: forbidden");
    assertThat(backoff.refusedUntil(POLICY, T0.plusSeconds(5)).orElseThrow().until())
        .isEqualTo(T0.plusSeconds(15));
    assertThat(backoff.contested("ns", T0.plusSeconds(5))).isEmpty();
    backoff.accepted(POLICY);
    assertThat(backoff.refusedUntil(POLICY, T0.plusSeconds(5))).isEmpty();
  }
}
