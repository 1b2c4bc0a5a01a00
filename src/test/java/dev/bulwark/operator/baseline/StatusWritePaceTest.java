package dev.bulwark.operator.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusWritePaceTest {

  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
  private final StatusWritePace pace = new StatusWritePace(Duration.ofSeconds(1));

  @Test
  void theFirstWriteIsNeverHeld() {
    assertThat(pace.holdUntil("uid-a", T0)).isEmpty();
  }

  @Test
  void aWriteWithinTheIntervalWaitsForItsEndAndOneAfterItDoesNot() {
    pace.wrote("uid-a", T0);
    assertThat(pace.holdUntil("uid-a", T0)).contains(T0.plusSeconds(1));
    assertThat(pace.holdUntil("uid-a", T0.plusMillis(999))).contains(T0.plusSeconds(1));
    assertThat(pace.holdUntil("uid-a", T0.plusSeconds(1))).isEmpty();
    assertThat(pace.holdUntil("uid-a", T0.plusSeconds(7))).isEmpty();
  }

  @Test
  void aBurstOfChangesOverFiveSecondsGivesAtMostOneWritePerSecond() {
    // A change every 50 ms for 5 s; each reconcile writes when not held, and a held one comes back
    // at the instant returned (where it writes the latest status).
    int writes = 0;
    Instant wakeUp = null;
    for (int ms = 0; ms <= 5_000; ms += 50) {
      Instant now = T0.plusMillis(ms);
      if (wakeUp != null && !wakeUp.isAfter(now)) {
        wakeUp = null;
      }
      var hold = pace.holdUntil("uid-a", now);
      if (hold.isEmpty()) {
        pace.wrote("uid-a", now);
        writes++;
      } else {
        wakeUp = hold.get();
      }
    }
    assertThat(writes).isEqualTo(6);
    assertThat(wakeUp).as("the last change is written at the wake-up").isNull();
  }

  @Test
  void baselinesArePacedApartAndForgottenWhenGone() {
    pace.wrote("uid-a", T0);
    assertThat(pace.holdUntil("uid-b", T0)).isEmpty();
    pace.retain(Set.of("uid-b"));
    assertThat(pace.holdUntil("uid-a", T0)).isEmpty();
  }
}
