package dev.bulwark.policy.hardening;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.PodTarget;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;

/** Most pods never call the API server; a mounted token is a credential waiting to be stolen. */
final class ServiceAccountToken implements HardeningCheck {

  private static final CheckInfo INFO =
      new CheckInfo(
          HardeningCheckIds.SERVICE_ACCOUNT_TOKEN,
          Standard.BULWARK,
          null,
          Severity.MEDIUM,
          "Service account token mounted",
          "Set automountServiceAccountToken: false unless the pod calls the Kubernetes API.",
          "5.1.6");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public void check(PodView pod, PodTarget target, FindingSink sink) {
    if (!Boolean.FALSE.equals(pod.spec().getAutomountServiceAccountToken())) {
      sink.add(
          INFO.finding(
              "service account token automounted (pod must set"
                  + " automountServiceAccountToken=false)",
              pod.specPath("automountServiceAccountToken")));
    }
  }
}
