package dev.bulwark.operator.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.operator.OperatorTimings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettleCheckTest {

  private static final OperatorTimings PRODUCTION = OperatorTimings.production();

  @Test
  void settleChecksBackOffFromTwoSecondsToFiveMinutes() {
    assertThat(NamespaceReconciler.settleCheckAfter(PRODUCTION, 1))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(NamespaceReconciler.settleCheckAfter(PRODUCTION, 2))
        .isEqualTo(Duration.ofSeconds(4));
    assertThat(NamespaceReconciler.settleCheckAfter(PRODUCTION, 4))
        .isEqualTo(Duration.ofSeconds(16));
    assertThat(NamespaceReconciler.settleCheckAfter(PRODUCTION, 9))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(NamespaceReconciler.settleCheckAfter(PRODUCTION, 1000))
        .isEqualTo(Duration.ofMinutes(5));
  }
}
