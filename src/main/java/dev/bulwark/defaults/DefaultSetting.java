package dev.bulwark.defaults;

import dev.bulwark.api.DefaultsSpec;
import java.util.EnumSet;
import java.util.Set;

/**
 * The restricted-level securityContext values Bulwark can fill in, each as the Pod Security
 * Standards' restricted profile asks (see
 * kubernetes.io/docs/concepts/security/pod-security-standards).
 */
public enum DefaultSetting {
  /** Pod-level {@code seccompProfile.type: RuntimeDefault}. */
  SECCOMP_PROFILE,
  /** Container-level {@code allowPrivilegeEscalation: false}. */
  ALLOW_PRIVILEGE_ESCALATION,
  /** Container-level {@code capabilities.drop: [ALL]}. */
  DROP_ALL_CAPABILITIES,
  /** Pod-level {@code runAsNonRoot: true}. */
  RUN_AS_NON_ROOT;

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
