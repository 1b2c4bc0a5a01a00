package dev.bulwark.seal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.SealedSecretConditions;
import dev.bulwark.api.SealedSecretStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyncedConditionTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123Z");
  private static final Instant T1 = Instant.parse("2026-01-01T11:00:00Z");

  private static Condition synced(SealedSecretStatus status) {
    return SyncedCondition.find(status).orElseThrow();
  }

  @Test
  void firstUnsealSetsTrueWithTransitionTimeInSeconds() {
    SealedSecretStatus status = SyncedCondition.next(null, 1, UnsealOutcome.unsealed(2), T0);

    assertThat(status.getObservedGeneration()).isEqualTo(1);
    assertThat(synced(status).getStatus()).isEqualTo("True");
    assertThat(synced(status).getReason()).isEqualTo(SealedSecretConditions.REASON_UNSEALED);
    assertThat(synced(status).getObservedGeneration()).isEqualTo(1);
    assertThat(synced(status).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
  }

  @Test
  void nothingChangedKeepsTheStatusEqualSoItIsNotWritten() {
    SealedSecretStatus current = SyncedCondition.next(null, 1, UnsealOutcome.unsealed(2), T0);

    SealedSecretStatus next = SyncedCondition.next(current, 1, UnsealOutcome.upToDate(), T1);

    assertThat(next).isEqualTo(current);
  }

  @Test
  void sameStatusKeepsTheTransitionTimeAndAFlipMovesIt() {
    SealedSecretStatus unsealed = SyncedCondition.next(null, 1, UnsealOutcome.unsealed(1), T0);

    SealedSecretStatus restored =
        SyncedCondition.next(unsealed, 1, UnsealOutcome.restored("edited"), T1);
    SealedSecretStatus failed =
        SyncedCondition.next(
            restored,
            2,
            UnsealOutcome.failed(SealedSecretConditions.REASON_DECRYPTION_FAILED, "no key"),
            T1);

    assertThat(synced(restored).getReason())
        .isEqualTo(SealedSecretConditions.REASON_SECRET_RESTORED);
    assertThat(synced(restored).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(synced(failed).getStatus()).isEqualTo("False");
    assertThat(synced(failed).getLastTransitionTime()).isEqualTo("2026-01-01T11:00:00Z");
    assertThat(failed.getObservedGeneration()).isEqualTo(2);
  }

  @Test
  void upToDateAfterAFailureOrNewGenerationIsWritten() {
    SealedSecretStatus failed =
        SyncedCondition.next(
            null, 1, UnsealOutcome.failed(SealedSecretConditions.REASON_SECRET_NOT_OWNED, "x"), T0);

    SealedSecretStatus next = SyncedCondition.next(failed, 1, UnsealOutcome.upToDate(), T1);

    assertThat(synced(next).getStatus()).isEqualTo("True");
    assertThat(SyncedCondition.wasSynced(next, 1)).isTrue();
    assertThat(SyncedCondition.wasSynced(next, 2)).isFalse();
    assertThat(SyncedCondition.wasSynced(failed, 1)).isFalse();
  }
}
