package dev.bulwark.policy.hardening;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.PodTarget;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;

/** Pods sharing the namespace's default service account share whatever it is granted. */
final class DefaultServiceAccount implements HardeningCheck {

  private static final CheckInfo INFO =
      new CheckInfo(
          HardeningCheckIds.DEFAULT_SERVICE_ACCOUNT,
          Standard.BULWARK,
          null,
          Severity.MEDIUM,
          "Default service account",
          "Create a dedicated ServiceAccount for the workload and set serviceAccountName.",
          "5.1.5");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public void check(PodView pod, PodTarget target, FindingSink sink) {
    String name = pod.spec().getServiceAccountName();
    if (name == null || name.isEmpty()) {
      name = pod.spec().getServiceAccount();
    }
    if (name == null || name.isEmpty() || name.equals("default")) {
      sink.add(
          INFO.finding(
              "default service account (pod must set serviceAccountName to a dedicated account)",
              pod.specPath("serviceAccountName")));
    }
  }
}
