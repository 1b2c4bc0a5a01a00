package dev.bulwark.policy.pss;

import dev.bulwark.policy.CheckInfo;
import java.util.List;

/** The upstream Pod Security Standards checks, all of them, in one list. */
public final class PssChecks {

  /** Every check, baseline then restricted. */
  public static final List<PssCheck> ALL =
      List.of(
          AppArmorProfileCheck.CHECK,
          CapabilitiesBaseline.CHECK,
          HostNamespaces.CHECK,
          HostPathVolumes.CHECK,
          HostPorts.CHECK,
          HostProbesAndHostLifecycle.CHECK,
          Privileged.CHECK,
          ProcMount.CHECK,
          SeLinuxOptions.CHECK,
          SeccompProfileBaseline.CHECK,
          Sysctls.CHECK,
          WindowsHostProcess.CHECK,
          AllowPrivilegeEscalation.CHECK,
          CapabilitiesRestricted.CHECK,
          ProcMountRestricted.CHECK,
          RestrictedVolumes.CHECK,
          RunAsNonRoot.CHECK,
          RunAsUser.CHECK,
          SeccompProfileRestricted.CHECK);

  private PssChecks() {}

  /** Descriptions of every check, for rule catalogues. */
  public static List<CheckInfo> infos() {
    return ALL.stream().map(PssCheck::info).toList();
  }
}
