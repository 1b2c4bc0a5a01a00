package dev.bulwark.policy.pss;

import static dev.bulwark.policy.pss.PssCheck.Revision.since;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.ContainerView;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import java.util.List;

/**
 * runAsUser must not be 0 on the pod or any container (from v1.23); from v1.35 pods in a user
 * namespace are exempt.
 */
final class RunAsUser {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.RUN_AS_USER,
              Standard.PSS,
              Level.RESTRICTED,
              Severity.HIGH,
              "runAsUser=0",
              "Set runAsUser to a non-zero UID (or leave it unset and run as a non-root image user).",
              "5.2.7"),
          List.of(since(23, RunAsUser::anyPod), since(35, RunAsUser::hostUsersOnly)));

  private static final String DETAIL = " must not set runAsUser=0";

  private RunAsUser() {}

  static void anyPod(PodView pod, CheckInfo check, FindingSink sink) {
    if (pod.podSecurityContext() != null && isRoot(pod.podSecurityContext().getRunAsUser())) {
      sink.add(
          check.finding(
              Messages.reason("runAsUser=0", "pod" + DETAIL),
              pod.specPath("securityContext.runAsUser")));
    }
    for (ContainerView c : pod.containers()) {
      if (c.securityContext() != null && isRoot(c.securityContext().getRunAsUser())) {
        sink.add(
            check.finding(
                Messages.reason("runAsUser=0", c.describe() + DETAIL),
                c,
                "securityContext.runAsUser"));
      }
    }
  }

  private static boolean isRoot(Long uid) {
    return uid != null && uid == 0L;
  }

  private static void hostUsersOnly(PodView pod, CheckInfo check, FindingSink sink) {
    if (!pod.inUserNamespace()) {
      anyPod(pod, check, sink);
    }
  }
}
