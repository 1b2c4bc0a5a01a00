package dev.bulwark.operator.informers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NextWakeupTest {

  private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

  @Test
  void noReasonMeansNoDelay() {
    assertThat(new NextWakeup(NOW).after((Duration) null).at((Instant) null).delay()).isNull();
    assertThat(new NextWakeup(NOW).after(Optional.empty()).at(Optional.empty()).delay()).isNull();
  }

  @Test
  void theSoonestReasonWinsAndDueTimesComeJustAfter() {
    assertThat(
            new NextWakeup(NOW)
                .after(Duration.ofSeconds(30))
                .at(NOW.plusSeconds(10))
                .after(Optional.of(Duration.ofSeconds(20)))
                .delay())
        .isEqualTo(Duration.ofSeconds(10).plusMillis(100));
    assertThat(new NextWakeup(NOW).at(NOW.plusSeconds(10)).after(Duration.ofSeconds(2)).delay())
        .isEqualTo(Duration.ofSeconds(2));
  }
}
