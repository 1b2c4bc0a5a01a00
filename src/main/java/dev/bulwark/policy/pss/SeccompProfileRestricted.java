package dev.bulwark.policy.pss;

import static dev.bulwark.policy.pss.PssCheck.Revision.since;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.ContainerView;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import java.util.List;

/**
 * A seccomp profile (RuntimeDefault or Localhost) must be set on the pod or on every container
 * (from v1.19, replacing seccompProfile_baseline at restricted); Windows pods are exempt from
 * v1.25.
 */
final class SeccompProfileRestricted {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.SECCOMP_PROFILE_RESTRICTED,
              Standard.PSS,
              Level.RESTRICTED,
              Severity.MEDIUM,
              "Seccomp profile not set",
              "Set securityContext.seccompProfile.type: RuntimeDefault (or Localhost) on the pod.",
              "5.7.2"),
          List.of(
              since(19, SeccompProfileRestricted::allPods, PssCheckIds.SECCOMP_PROFILE_BASELINE),
              since(
                  25, SeccompProfileRestricted::linuxPods, PssCheckIds.SECCOMP_PROFILE_BASELINE)));

  private SeccompProfileRestricted() {}

  static void allPods(PodView pod, CheckInfo check, FindingSink sink) {
    boolean podSet = false;
    if (pod.podSecurityContext() != null) {
      SeccompProfile profile = pod.podSecurityContext().getSeccompProfile();
      if (profile != null) {
        if (SeccompProfileBaseline.validType(profile.getType())) {
          podSet = true;
        } else {
          sink.add(
              check.finding(
                  SeccompProfileBaseline.forbiddenType("pod", profile.getType()),
                  pod.specPath("securityContext.seccompProfile.type")));
        }
      }
    }
    for (ContainerView c : pod.containers()) {
      SeccompProfile profile =
          c.securityContext() == null ? null : c.securityContext().getSeccompProfile();
      if (profile != null) {
        if (!SeccompProfileBaseline.validType(profile.getType())) {
          sink.add(
              check.finding(
                  SeccompProfileBaseline.forbiddenType(c.describe(), profile.getType()),
                  c,
                  "securityContext.seccompProfile.type"));
        }
      } else if (!podSet) {
        sink.add(
            check.finding(
                Messages.reason(
                    "seccompProfile",
                    "pod or "
                        + c.describe()
                        + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or"
                        + " \"Localhost\""),
                c,
                "securityContext.seccompProfile.type"));
      }
    }
  }

  static void linuxPods(PodView pod, CheckInfo check, FindingSink sink) {
    if (!pod.isWindows()) {
      allPods(pod, check, sink);
    }
  }
}
