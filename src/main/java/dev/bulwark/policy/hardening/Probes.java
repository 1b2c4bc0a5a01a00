package dev.bulwark.policy.hardening;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.ContainerView;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.PodTarget;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;

/**
 * Long-running workloads need liveness and readiness probes so that hung or unready containers are
 * restarted or taken out of service; run-to-completion pods (Jobs, CronJobs) are exempt.
 */
final class Probes implements HardeningCheck {

  private static final CheckInfo INFO =
      new CheckInfo(
          HardeningCheckIds.PROBES,
          Standard.BULWARK,
          null,
          Severity.LOW,
          "Missing probes",
          "Add a livenessProbe and a readinessProbe to every container of long-running workloads.",
          null);

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public void check(PodView pod, PodTarget target, FindingSink sink) {
    if (!target.longRunning()) {
      return;
    }
    for (ContainerView c : pod.containers()) {
      if (c.kind() != ContainerView.Kind.REGULAR) {
        continue;
      }
      report(c, c.livenessProbe() == null, "livenessProbe", sink);
      report(c, c.readinessProbe() == null, "readinessProbe", sink);
    }
  }

  private static void report(ContainerView c, boolean missing, String probe, FindingSink sink) {
    if (missing) {
      sink.add(
          INFO.finding(
              "missing " + probe + " (" + c.describe() + " must set " + probe + ")", c, probe));
    }
  }
}
