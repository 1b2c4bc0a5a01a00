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
 * Containers must run as non-root: runAsNonRoot=true on the pod or on every container, and never
 * false anywhere; from v1.35 pods in a user namespace are exempt.
 */
final class RunAsNonRoot {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.RUN_AS_NON_ROOT,
              Standard.PSS,
              Level.RESTRICTED,
              Severity.HIGH,
              "Running as root",
              "Set securityContext.runAsNonRoot: true on the pod (and never false on a container).",
              "5.2.7"),
          List.of(since(0, RunAsNonRoot::anyPod), since(35, RunAsNonRoot::hostUsersOnly)));

  private static final String REASON = "runAsNonRoot != true";
  private static final String MUST_NOT = " must not set securityContext.runAsNonRoot=false";

  private RunAsNonRoot() {}

  static void anyPod(PodView pod, CheckInfo check, FindingSink sink) {
    Boolean podValue =
        pod.podSecurityContext() == null ? null : pod.podSecurityContext().getRunAsNonRoot();
    if (Boolean.FALSE.equals(podValue)) {
      sink.add(
          check.finding(
              Messages.reason(REASON, "pod" + MUST_NOT),
              pod.specPath("securityContext.runAsNonRoot")));
    }
    boolean podSaysNonRoot = Boolean.TRUE.equals(podValue);
    for (ContainerView c : pod.containers()) {
      Boolean value = c.securityContext() == null ? null : c.securityContext().getRunAsNonRoot();
      if (value != null) {
        if (!value) {
          sink.add(
              check.finding(
                  Messages.reason(REASON, c.describe() + MUST_NOT),
                  c,
                  "securityContext.runAsNonRoot"));
        }
      } else if (!podSaysNonRoot) {
        sink.add(
            check.finding(
                Messages.reason(
                    REASON,
                    "pod or " + c.describe() + " must set securityContext.runAsNonRoot=true"),
                c,
                "securityContext.runAsNonRoot"));
      }
    }
  }

  private static void hostUsersOnly(PodView pod, CheckInfo check, FindingSink sink) {
    if (!pod.inUserNamespace()) {
      anyPod(pod, check, sink);
    }
  }
}
