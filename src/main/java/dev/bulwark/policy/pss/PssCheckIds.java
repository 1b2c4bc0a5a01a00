package dev.bulwark.policy.pss;

/** Upstream's check ids (k8s.io/pod-security-admission), which are also ours. */
public final class PssCheckIds {

  public static final String PRIVILEGED = "privileged";
  public static final String HOST_NAMESPACES = "hostNamespaces";
  public static final String HOST_PATH_VOLUMES = "hostPathVolumes";
  public static final String HOST_PORTS = "hostPorts";
  public static final String HOST_PROBES_AND_HOST_LIFECYCLE = "hostProbesAndHostLifecycle";
  public static final String CAPABILITIES_BASELINE = "capabilities_baseline";
  public static final String APP_ARMOR_PROFILE = "appArmorProfile";
  public static final String SE_LINUX_OPTIONS = "seLinuxOptions";
  public static final String PROC_MOUNT = "procMount";
  public static final String SECCOMP_PROFILE_BASELINE = "seccompProfile_baseline";
  public static final String SYSCTLS = "sysctls";
  public static final String WINDOWS_HOST_PROCESS = "windowsHostProcess";
  public static final String ALLOW_PRIVILEGE_ESCALATION = "allowPrivilegeEscalation";
  public static final String CAPABILITIES_RESTRICTED = "capabilities_restricted";
  public static final String PROC_MOUNT_RESTRICTED = "procMount_restricted";
  public static final String RESTRICTED_VOLUMES = "restrictedVolumes";
  public static final String RUN_AS_NON_ROOT = "runAsNonRoot";
  public static final String RUN_AS_USER = "runAsUser";
  public static final String SECCOMP_PROFILE_RESTRICTED = "seccompProfile_restricted";

  private PssCheckIds() {}
}
