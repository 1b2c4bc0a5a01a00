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

/** Privileged containers switch off most isolation, so baseline forbids them. */
final class Privileged {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.PRIVILEGED,
              Standard.PSS,
              Level.BASELINE,
              Severity.CRITICAL,
              "Privileged containers",
              "Remove securityContext.privileged or set it to false.",
              "5.2.2"),
          List.of(since(0, Privileged::v1_0)));

  private Privileged() {}

  static void v1_0(PodView pod, CheckInfo check, FindingSink sink) {
    for (ContainerView c : pod.containers()) {
      if (c.securityContext() != null && Boolean.TRUE.equals(c.securityContext().getPrivileged())) {
        sink.add(
            check.finding(
                Messages.reason(
                    "privileged", c.describe() + " must not set securityContext.privileged=true"),
                c,
                "securityContext.privileged"));
      }
    }
  }
}
