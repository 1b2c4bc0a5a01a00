package dev.bulwark.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CisSummaryTest {

  @Test
  void sumsChecksOfTheSameControlAcrossBaselinesInControlOrder() {
    BaselineState a =
        state(Map.of("runAsNonRoot", 2, "runAsUser", 1, "capabilities_restricted", 4));
    BaselineState b = state(Map.of("runAsNonRoot", 3, "probes", 5, "privileged", 1));

    assertThat(CisSummary.of(List.of(a, b)))
        .containsExactly(
            new CisControlCount("5.2.2", 1, List.of("privileged")),
            new CisControlCount("5.2.7", 6, List.of("runAsNonRoot", "runAsUser")),
            new CisControlCount("5.2.10", 4, List.of("capabilities_restricted")),
            new CisControlCount("-", 5, List.of("probes")));
  }

  private static BaselineState state(Map<String, Integer> byCheck) {
    return new BaselineState(
        "b", "Audit", 1, 0, 0, "True", "False", BaselineState.Result.NOT_COMPLIANT, byCheck, null);
  }
}
