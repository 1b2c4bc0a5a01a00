package dev.bulwark.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyRenewalTest {

  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final Duration THIRTY_DAYS = Duration.ofDays(30);

  @Test
  void aKeyIsDueWhenThereIsNone() {
    assertThat(KeyRenewal.isDue(Optional.empty(), THIRTY_DAYS, NOW)).isTrue();
    assertThat(KeyRenewal.isDue(Optional.empty(), Duration.ZERO, NOW)).isTrue();
  }

  @Test
  void aKeyIsDueOnceTheNewestIsARenewPeriodOld() {
    assertThat(KeyRenewal.isDue(Optional.of(NOW.minus(Duration.ofDays(29))), THIRTY_DAYS, NOW))
        .isFalse();
    assertThat(KeyRenewal.isDue(Optional.of(NOW.minus(THIRTY_DAYS)), THIRTY_DAYS, NOW)).isTrue();
  }

  @Test
  void zeroPeriodDisablesRenewal() {
    assertThat(KeyRenewal.isDue(Optional.of(NOW.minus(Duration.ofDays(3650))), Duration.ZERO, NOW))
        .isFalse();
  }

  @Test
  void checksRunEveryMinuteOrAQuarterOfAShortPeriod() {
    assertThat(KeyRenewal.checkInterval(THIRTY_DAYS)).isEqualTo(Duration.ofMinutes(1));
    assertThat(KeyRenewal.checkInterval(Duration.ZERO)).isEqualTo(Duration.ofMinutes(1));
    assertThat(KeyRenewal.checkInterval(Duration.ofSeconds(8))).isEqualTo(Duration.ofSeconds(2));
    assertThat(KeyRenewal.checkInterval(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
  }
}
