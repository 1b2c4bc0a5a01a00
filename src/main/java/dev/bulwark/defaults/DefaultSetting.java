package dev.bulwark.defaults;

import dev.bulwark.api.DefaultsSpec;
import dev.bulwark.policy.pss.PssCheckIds;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The restricted-level securityContext values Bulwark can fill in, each as the Pod Security
 * Standards' restricted profile asks (see
 * kubernetes.io/docs/concepts/security/pod-security-standards).
 */
public enum DefaultSetting {
  /** Pod-level {@code seccompProfile.type: RuntimeDefault}. */
  SECCOMP_PROFILE(PssCheckIds.SECCOMP_PROFILE_RESTRICTED, PssCheckIds.SECCOMP_PROFILE_BASELINE),
  /** Container-level {@code allowPrivilegeEscalation: false}. */
  ALLOW_PRIVILEGE_ESCALATION(PssCheckIds.ALLOW_PRIVILEGE_ESCALATION),
  /** Container-level {@code capabilities.drop: [ALL]}. */
  DROP_ALL_CAPABILITIES(PssCheckIds.CAPABILITIES_RESTRICTED),
  /** Pod-level {@code runAsNonRoot: true}. */
  RUN_AS_NON_ROOT(PssCheckIds.RUN_AS_NON_ROOT);

  private final List<String> checks;

  DefaultSetting(String... checks) {
    this.checks = List.of(checks);
  }

  /**
   * The Pod Security check ids whose exception leaves this setting alone: a workload excepted from
   * the check is not given the value that check asks for.
   */
  public List<String> checks() {
    return checks;
  }

  /** The settings {@code spec} selects, in declaration order; empty for a null spec. */
  public static Set<DefaultSetting> of(DefaultsSpec spec) {
    Set<DefaultSetting> settings = EnumSet.noneOf(DefaultSetting.class);
    if (spec == null) {
      return settings;
    }
    if (spec.seccompProfile) {
      settings.add(SECCOMP_PROFILE);
    }
    if (spec.allowPrivilegeEscalation) {
      settings.add(ALLOW_PRIVILEGE_ESCALATION);
    }
    if (spec.dropAllCapabilities) {
      settings.add(DROP_ALL_CAPABILITIES);
    }
    if (spec.runAsNonRoot) {
      settings.add(RUN_AS_NON_ROOT);
    }
    return settings;
  }
}
