package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.Violation;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.Workloads;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An exception silences its checks until its expiry time, and not a moment longer. */
@LocalCluster
class ExceptionExpiryIT extends OperatorTestBase {

  @Test
  void expiredExceptionStopsApplyingAtItsExpiryTime() {
    String ns = namespace(Map.of());
    client.resource(Workloads.privileged(ns, "legacy")).create();
    Instant expires =
        Instant.now().plusSeconds(12).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    baseline(
        "expiry-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        mode: Audit
        podSecurity: {level: baseline}
        exceptions:
          - checks: [privileged]
            selector: {matchLabels: {app: legacy}}
            reason: "JIRA-1: legacy agent needs a privileged container until its rewrite"
            expires: "EXPIRES"
        """
            .replace("EXPIRES", expires.toString()));

    awaitStatus(
        "expiry-" + team,
        sb -> {
          assertThat(sb.getStatus().namespaces.matched()).isEqualTo(1);
          assertThat(sb.getStatus().violations.total()).isZero();
          assertThat(sb.getStatus().exceptions.active()).hasSize(1);
          assertThat(sb.getStatus().exceptions.expired()).isEmpty();
        });
    assertThat(Instant.now())
        .as("the exception was seen in force before it expired")
        .isBefore(expires);

    awaitStatus(
        "expiry-" + team,
        sb -> {
          assertThat(sb.getStatus().violations.top())
              .extracting(Violation::name, Violation::check)
              .contains(org.assertj.core.groups.Tuple.tuple("legacy", "privileged"));
          assertThat(sb.getStatus().exceptions.active()).isEmpty();
          assertThat(sb.getStatus().exceptions.expired()).hasSize(1);
        });
  }
}
