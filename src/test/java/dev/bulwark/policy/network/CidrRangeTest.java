package dev.bulwark.policy.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CIDR parsing and containment as the Kubernetes CEL library's cidr() and containsCIDR. */
class CidrRangeTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.1.0.0/16, true",
    "10.0.0.0/8, 10.0.0.0/8, true",
    "10.0.0.0/16, 10.0.0.0/8, false",
    "10.0.0.0/8, 11.0.0.0/16, false",
    // Host bits are ignored on both sides, as netip.Prefix.Overlaps does.
    "10.1.2.3/8, 10.200.0.0/16, true",
    "0.0.0.0/0, 1.2.3.4/32, true",
    "0.0.0.0/0, ::1/128, false",
    "fd00::/8, fd12:3456::/32, true",
    "fd00::/8, fe00::/16, false",
    "::/0, fd00::/8, true",
  })
  void contains(String outer, String inner, boolean expected) {
    assertThat(CidrRange.parse(outer).orElseThrow().contains(CidrRange.parse(inner).orElseThrow()))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0",
        "10.0.0.0/33",
        "10.0.0.0/08",
        "010.0.0.0/8",
        "10.0.0/8",
        "::ffff:10.0.0.0/104",
        "fe80::1%eth0/64",
        "fd00::/129",
        "example.com/8",
        "10.0.0.0/-1",
      })
  void refusesWhatTheCelLibraryRefuses(String cidr) {
    assertThat(CidrRange.parse(cidr)).isEmpty();
  }
}
