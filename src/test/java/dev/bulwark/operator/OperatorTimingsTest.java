package dev.bulwark.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperatorTimingsTest {

  @Test
  void withReplacesOnlyTheNamedTiming() {
    OperatorTimings production = OperatorTimings.production();
    OperatorTimings changed = production.with("settleCheck", Duration.ofMillis(300));
    assertThat(changed.settleCheck()).isEqualTo(Duration.ofMillis(300));
    assertThat(changed.with("settleCheck", production.settleCheck())).isEqualTo(production);
  }

  @Test
  void everyTimingCanBeSetByName() {
    for (String name : OperatorTimings.names()) {
      OperatorTimings changed = OperatorTimings.production().with(name, Duration.ofMillis(1234));
      assertThat(changed).as(name).isNotEqualTo(OperatorTimings.production());
    }
    assertThat(OperatorTimings.names()).hasSize(18).contains("repairFirstWait", "safetyNet");
  }

  @Test
  void anUnknownNameIsRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> OperatorTimings.production().with("settle", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown timing 'settle'")
        .hasMessageContaining("settleCheck");
  }

  @Test
  void aTimingMustBePositive() {
    assertThatThrownBy(() -> OperatorTimings.production().with("reportRetry", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timing reportRetry must be a positive duration, was PT0S");
    assertThatThrownBy(() -> OperatorTimings.production().with("safetyNet", Duration.ofSeconds(-1)))
        .hasMessageContaining("safetyNet");
  }

  @Test
  void productionValuesAreThoseTheDocsName() {
    OperatorTimings t = OperatorTimings.production();
    assertThat(t.settleCheck()).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.maxSettleCheck()).isEqualTo(Duration.ofMinutes(5));
    assertThat(t.repairFirstWait()).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.repairMaxWait()).isEqualTo(Duration.ofMinutes(10));
    assertThat(t.repairWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(t.statusWriteInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(t.forgottenNamespaces()).isEqualTo(Duration.ofMinutes(5));
    assertThat(t.reportsApiRecheck()).isEqualTo(Duration.ofSeconds(60));
    assertThat(t.reportRetry()).isEqualTo(Duration.ofSeconds(30));
    assertThat(t.safetyNet()).isEqualTo(Duration.ofHours(10));
    assertThat(t.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(t.cacheSyncTimeout()).isEqualTo(Duration.ofMinutes(15));
  }
}
