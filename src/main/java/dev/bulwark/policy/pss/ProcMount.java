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
 * The default /proc masks must stay in place; from v1.35 baseline relaxes this for pods in a user
 * namespace ({@code hostUsers: false}), while restricted keeps it (see {@link
 * ProcMountRestricted}).
 */
final class ProcMount {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.PROC_MOUNT,
              Standard.PSS,
              Level.BASELINE,
              Severity.MEDIUM,
              "procMount",
              "Remove securityContext.procMount or set it to Default.",
              null),
          List.of(since(0, ProcMount::anyPod), since(35, ProcMount::hostUsersOnly)));

  private ProcMount() {}

  /** The rule without the user-namespace relaxation (also restricted's rule from v1.35). */
  static void anyPod(PodView pod, CheckInfo check, FindingSink sink) {
    for (ContainerView c : pod.containers()) {
      String procMount = c.securityContext() == null ? null : c.securityContext().getProcMount();
      if (procMount != null && !"Default".equals(procMount)) {
        sink.add(
            check.finding(
                Messages.reason(
                    "procMount",
                    c.describe()
                        + " must not set securityContext.procMount to "
                        + Messages.quote(procMount)),
                c,
                "securityContext.procMount"));
      }
    }
  }

  private static void hostUsersOnly(PodView pod, CheckInfo check, FindingSink sink) {
    if (!pod.inUserNamespace()) {
      anyPod(pod, check, sink);
    }
  }
}
