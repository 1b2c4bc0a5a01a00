package dev.bulwark.policy.pss;

import static dev.bulwark.policy.pss.PssCheck.Revision.since;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import java.util.List;

/**
 * From v1.35 restricted keeps the strict procMount rule that baseline relaxed for user-namespace
 * pods, by overriding baseline's procMount check with the unrelaxed rule.
 */
final class ProcMountRestricted {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.PROC_MOUNT_RESTRICTED,
              Standard.PSS,
              Level.RESTRICTED,
              Severity.MEDIUM,
              "procMount",
              "Remove securityContext.procMount or set it to Default.",
              null),
          List.of(since(35, ProcMount::anyPod, PssCheckIds.PROC_MOUNT)));

  private ProcMountRestricted() {}
}
