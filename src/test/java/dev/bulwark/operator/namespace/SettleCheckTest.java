package dev.bulwark.operator.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettleCheckTest {

  @Test
  void settleChecksBackOffFromTwoSecondsToFiveMinutes() {
    assertThat(NamespaceReconciler.settleCheckAfter(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(NamespaceReconciler.settleCheckAfter(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(NamespaceReconciler.settleCheckAfter(4)).isEqualTo(Duration.ofSeconds(16));
    assertThat(NamespaceReconciler.settleCheckAfter(9)).isEqualTo(Duration.ofMinutes(5));
    assertThat(NamespaceReconciler.settleCheckAfter(1000)).isEqualTo(Duration.ofMinutes(5));
  }
}
