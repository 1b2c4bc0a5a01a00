package dev.bulwark.operator.writes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.operator.OperatorTimings;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WriteGateTest {

  private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
  private static final ObjectRef QUOTA = new ObjectRef("ResourceQuota", "ns", "bulwark-quota");

  private final RepairBackoff backoff = new RepairBackoff(OperatorTimings.production(), 1);
  private final AtomicInteger writes = new AtomicInteger();

  @Test
  void aFirstWriteIsWrittenAndARepairIsRepairedThenDeferred() {
    WriteResult created =
        new WriteGate(backoff, T0, "baseline b")
            .write(QUOTA, false, "created " + QUOTA, writes::incrementAndGet);
    assertThat(created.outcome()).isEqualTo(WriteOutcome.WRITTEN);
    assertThat(created.message()).isEqualTo("created ResourceQuota ns/bulwark-quota (baseline b)");

    WriteGate later = new WriteGate(backoff, T0.plusSeconds(1), "baseline b");
    assertThat(later.write(QUOTA, true, "updated", writes::incrementAndGet).outcome())
        .isEqualTo(WriteOutcome.REPAIRED);
    WriteResult deferred = later.write(QUOTA, true, "updated", writes::incrementAndGet);
    assertThat(deferred.outcome()).isEqualTo(WriteOutcome.DEFERRED);
    assertThat(deferred.attempted()).isFalse();
    assertThat(deferred.retryAt()).isEqualTo(T0.plusSeconds(6));
    assertThat(writes).hasValue(2);
  }

  @Test
  void aRefusalIsAResultWithTheApiServersWordsAndWaitsForItsRetry() {
    WriteGate gate = new WriteGate(backoff, T0, "baseline b");
    WriteResult refused =
        gate.write(
            QUOTA,
            false,
            "created",
            () -> {
              throw new KubernetesClientException(
                  new StatusBuilder().withCode(403).withMessage("denied by policy").build());
            });
    assertThat(refused.outcome()).isEqualTo(WriteOutcome.REFUSED);
    assertThat(refused.freshlyRefused()).isTrue();
    assertThat(refused.message()).isEqualTo("HTTP 403: denied by policy");

    WriteResult waiting = gate.write(QUOTA, false, "created", writes::incrementAndGet);
    assertThat(waiting.outcome()).isEqualTo(WriteOutcome.REFUSED);
    assertThat(waiting.freshlyRefused()).isFalse();
    assertThat(waiting.message()).isEqualTo("HTTP 403: denied by policy");
    assertThat(writes).hasValue(0);

    WriteResult retried =
        new WriteGate(backoff, refused.retryAt(), "baseline b")
            .write(QUOTA, false, "created", writes::incrementAndGet);
    assertThat(retried.outcome()).isEqualTo(WriteOutcome.WRITTEN);
  }
}
