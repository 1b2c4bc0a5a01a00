package dev.bulwark.operator.writes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.operator.OperatorTimings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
  void aWriterRevertingEveryFiveSecondsMeetsSixRepairsInFiveMinutes() {
    RepairBackoff backoff = new RepairBackoff(OperatorTimings.production(), 1);
    List<Long> repairs = new ArrayList<>();
    boolean differs = true; // the writer's version is in place
    for (long s = 0; s <= 300; s++) {
      Instant now = T0.plusSeconds(s);
      if (s > 0 && s % 5 == 0) {
        differs = true; // the writer reverts (after Bulwark's repair in the same second)
      }
      if (differs) {
        if (backoff.waitUntil(POLICY, now).isPresent()) {
          backoff.held(POLICY, now);
        } else {
          backoff.repaired(POLICY, now);
          repairs.add(s);
          differs = false;
        }
      }
    }
    assertThat(repairs).containsExactly(0L, 5L, 15L, 35L, 75L, 155L);
  }

  @Test
  void aChangeAfterTheFightQuietedIsRepairedAtOnceHoweverManyRepairsCameBefore() {
    RepairBackoff backoff = new RepairBackoff(OperatorTimings.production(), 1);
    // A fight: the other writer changes the object back at once after each of five repairs, and
    // gives up after the sixth.
    Instant next = T0;
    for (int i = 0; i < 6; i++) {
      backoff.repaired(POLICY, next);
      Instant repaired = next;
      next = backoff.waitUntil(POLICY, repaired).orElseThrow();
      if (i < 5) {
        backoff.held(POLICY, repaired.plusMillis(100));
      }
    }
    assertThat(next).as("the sixth wait is 160 s").isEqualTo(T0.plusSeconds(155 + 160));

    // The writer stops; a tenant changes the object again three minutes after that wait ended.
    Instant later = next.plus(Duration.ofMinutes(3));
    assertThat(backoff.waitUntil(POLICY, later)).isEmpty();
    backoff.repaired(POLICY, later);
    assertThat(backoff.waitUntil(POLICY, later))
        .as("a new fight starts from the first wait")
        .contains(later.plusSeconds(5));
    assertThat(backoff.contested("ns", later)).containsExactly(POLICY);
  }

  @Test
  void isolatedChangesEveryFewMinutesAreAllRepairedAtOnce() {
    RepairBackoff backoff = new RepairBackoff(OperatorTimings.production(), 1);
    for (int minute = 0; minute < 60; minute += 2) {
      Instant now = T0.plus(Duration.ofMinutes(minute));
      assertThat(backoff.waitUntil(POLICY, now)).as("change at minute " + minute).isEmpty();
      backoff.repaired(POLICY, now);
    }
    assertThat(backoff.contested("ns", T0.plus(Duration.ofMinutes(59))))
        .as("repaired twice within the window: still named as contested")
        .containsExactly(POLICY);
  }

  @Test
  void aChangeBackJustAfterTheWaitContinuesTheFight() {
    RepairBackoff backoff = new RepairBackoff(OperatorTimings.production(), 1);
    backoff.repaired(POLICY, T0);
    // Not held back (the writer came after the 5-s wait), but within 5 s of its end.
    backoff.repaired(POLICY, T0.plusSeconds(9));
    assertThat(backoff.waitUntil(POLICY, T0.plusSeconds(9))).contains(T0.plusSeconds(19));
    // Ten seconds after the end of that wait: a new, isolated change.
    backoff.repaired(POLICY, T0.plusSeconds(29));
    assertThat(backoff.waitUntil(POLICY, T0.plusSeconds(29))).contains(T0.plusSeconds(34));
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
