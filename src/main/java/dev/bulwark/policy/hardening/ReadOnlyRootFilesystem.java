package dev.bulwark.policy.hardening;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.ContainerView;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.PodTarget;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;

/**
 * A writable root file system lets an intruder drop tools and persist; Windows pods cannot set the
 * field, so they are skipped.
 */
final class ReadOnlyRootFilesystem implements HardeningCheck {

  private static final CheckInfo INFO =
      new CheckInfo(
          HardeningCheckIds.READ_ONLY_ROOT_FILESYSTEM,
          Standard.BULWARK,
          null,
          Severity.MEDIUM,
          "Writable root file system",
          "Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the"
              + " app writes.",
          "5.7.3");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public void check(PodView pod, PodTarget target, FindingSink sink) {
    if (pod.isWindows()) {
      return;
    }
    for (ContainerView c : pod.containers()) {
      if (c.kind() == ContainerView.Kind.EPHEMERAL) {
        continue;
      }
      if (c.securityContext() == null
          || !Boolean.TRUE.equals(c.securityContext().getReadOnlyRootFilesystem())) {
        sink.add(
            INFO.finding(
                "readOnlyRootFilesystem != true ("
                    + c.describe()
                    + " must set securityContext.readOnlyRootFilesystem=true)",
                c,
                "securityContext.readOnlyRootFilesystem"));
      }
    }
  }
}
