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
 * Every container must set allowPrivilegeEscalation=false explicitly (from v1.8); Windows pods are
 * exempt from v1.25, where the field has no meaning.
 */
final class AllowPrivilegeEscalation {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.ALLOW_PRIVILEGE_ESCALATION,
              Standard.PSS,
              Level.RESTRICTED,
              Severity.HIGH,
              "Privilege escalation",
              "Set securityContext.allowPrivilegeEscalation: false on every container.",
              "5.2.6"),
          List.of(
              since(8, AllowPrivilegeEscalation::allPods),
              since(25, AllowPrivilegeEscalation::linuxPods)));

  private AllowPrivilegeEscalation() {}

  static void allPods(PodView pod, CheckInfo check, FindingSink sink) {
    for (ContainerView c : pod.containers()) {
      Boolean allow =
          c.securityContext() == null ? null : c.securityContext().getAllowPrivilegeEscalation();
      if (allow == null || allow) {
        sink.add(
            check.finding(
                Messages.reason(
                    "allowPrivilegeEscalation != false",
                    c.describe() + " must set securityContext.allowPrivilegeEscalation=false"),
                c,
                "securityContext.allowPrivilegeEscalation"));
      }
    }
  }

  static void linuxPods(PodView pod, CheckInfo check, FindingSink sink) {
    if (!pod.isWindows()) {
      allPods(pod, check, sink);
    }
  }
}
