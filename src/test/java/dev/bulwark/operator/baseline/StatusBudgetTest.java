package dev.bulwark.operator.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.EnforcementWarning;
import dev.bulwark.api.ExceptionStatus;
import dev.bulwark.api.RemediationStatus;
import dev.bulwark.api.SecurityBaselineStatus;
import dev.bulwark.api.Violation;
import dev.bulwark.api.ViolationSummary;
import dev.bulwark.api.VulnerabilityStatus;
import dev.bulwark.text.BoundedText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue 26, item 3: a status stays under its byte budget whatever the strings in it. */
class StatusBudgetTest {

  private static final String HUGE = "x".repeat(8 * 1024);

  @Test
  void everyListAtItsLimitWithKilobyteStringsFitsTheBudget() {
    SecurityBaselineStatus status = new SecurityBaselineStatus();
    status.violations =
        new ViolationSummary(
            5000,
            Map.of("imageDigest", 5000),
            IntStream.range(0, StatusAggregator.TOP_VIOLATIONS)
                .mapToObj(i -> new Violation(HUGE, HUGE, HUGE + i, "imageDigest", HUGE))
                .toList());
    status.enforcementWarnings =
        IntStream.range(0, StatusAggregator.WARNINGS_IN_ALL)
            .mapToObj(i -> new EnforcementWarning("ns-" + i, HUGE))
            .toList();
    List<String> exceptions = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      exceptions.add("imageDigest: " + HUGE);
    }
    status.exceptions = new ExceptionStatus(exceptions, exceptions);
    status.remediation = new RemediationStatus();
    status.remediation.preview = List.copyOf(exceptions.subList(0, 20));
    status.remediation.reverted = List.copyOf(exceptions.subList(0, 20));
    status.remediation.revertedCount = 20;
    status.vulnerabilities = new VulnerabilityStatus();
    status.vulnerabilities.notScanned = 5000;
    status.vulnerabilities.notScannedWorkloads = List.copyOf(exceptions.subList(0, 20));
    status.vulnerabilities.wouldRefuse = List.copyOf(exceptions.subList(0, 20));
    status.vulnerabilities.wouldRefuseCount = 5000;

    StatusBudget.fit(status);

    assertThat(StatusBudget.bytes(status)).isLessThanOrEqualTo(StatusBudget.MAX_BYTES);
    assertThat(status.violations.total()).as("counts stay whole").isEqualTo(5000);
    assertThat(status.violations.top()).isNotEmpty();
    assertThat(status.violations.top().get(0).message().length())
        .isLessThanOrEqualTo(BoundedText.MESSAGE);
    assertThat(status.exceptions.active())
        .allSatisfy(e -> assertThat(BoundedText.bytes(e)).isLessThanOrEqualTo(512));
    assertThat(status.vulnerabilities.wouldRefuse)
        .allSatisfy(e -> assertThat(BoundedText.bytes(e)).isLessThanOrEqualTo(512));
    assertThat(status.vulnerabilities.notScanned).as("counts stay whole").isEqualTo(5000);
  }

  @Test
  void aStatusWithinTheBudgetIsLeftAsItIs() {
    SecurityBaselineStatus status = new SecurityBaselineStatus();
    status.violations =
        new ViolationSummary(
            1, Map.of("privileged", 1), List.of(new Violation("a", "Pod", "p", "privileged", "m")));
    status.enforcementWarnings = List.of(new EnforcementWarning("a", "pod p"));
    SecurityBaselineStatus copy = new SecurityBaselineStatus();
    copy.violations = status.violations;
    copy.enforcementWarnings = status.enforcementWarnings;

    StatusBudget.fit(status);

    assertThat(status).isEqualTo(copy);
  }
}
