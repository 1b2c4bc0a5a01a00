package dev.bulwark.policy.pss;

import static dev.bulwark.policy.pss.PssCheck.Revision.since;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.ContainerView;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.List;

/** Windows HostProcess containers run with host access, the Windows twin of privileged. */
final class WindowsHostProcess {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.WINDOWS_HOST_PROCESS,
              Standard.PSS,
              Level.BASELINE,
              Severity.CRITICAL,
              "Windows HostProcess",
              "Remove securityContext.windowsOptions.hostProcess or set it to false.",
              "5.2.11"),
          List.of(since(0, WindowsHostProcess::v1_0)));

  private static final String DETAIL =
      " must not set securityContext.windowsOptions.hostProcess=true";

  private WindowsHostProcess() {}

  static void v1_0(PodView pod, CheckInfo check, FindingSink sink) {
    if (pod.podSecurityContext() != null
        && hostProcess(pod.podSecurityContext().getWindowsOptions())) {
      sink.add(
          check.finding(
              Messages.reason("hostProcess", "pod" + DETAIL),
              pod.specPath("securityContext.windowsOptions.hostProcess")));
    }
    for (ContainerView c : pod.containers()) {
      if (c.securityContext() != null && hostProcess(c.securityContext().getWindowsOptions())) {
        sink.add(
            check.finding(
                Messages.reason("hostProcess", c.describe() + DETAIL),
                c,
                "securityContext.windowsOptions.hostProcess"));
      }
    }
  }

  private static boolean hostProcess(WindowsSecurityContextOptions options) {
    return options != null && Boolean.TRUE.equals(options.getHostProcess());
  }
}
