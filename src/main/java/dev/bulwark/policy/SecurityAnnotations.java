package dev.bulwark.policy;

import java.util.Map;
import java.util.TreeMap;

/**
 * The pod annotations the checks read: the deprecated AppArmor and seccomp annotations, which
 * upstream's Pod Security checks still honour. Every other annotation is irrelevant to a verdict.
 */
public final class SecurityAnnotations {

  /**
   * Per-container AppArmor profile: {@code container.apparmor.security.beta.kubernetes.io/NAME}.
   */
  public static final String APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

  /** Pod-wide seccomp profile (alpha annotation, read by checks before v1.19). */
  public static final String SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod";

  /** Per-container seccomp profile: {@code container.seccomp.security.alpha.kubernetes.io/NAME}. */
  public static final String SECCOMP_CONTAINER_PREFIX =
      "container.seccomp.security.alpha.kubernetes.io/";

  private SecurityAnnotations() {}

  /** Whether a check reads the annotation {@code key}. */
  public static boolean readByChecks(String key) {
    return key.startsWith(APPARMOR_PREFIX)
        || key.equals(SECCOMP_POD)
        || key.startsWith(SECCOMP_CONTAINER_PREFIX);
  }

  /** The annotations of {@code annotations} (may be null) that checks read, sorted by key. */
  public static Map<String, String> of(Map<String, String> annotations) {
    if (annotations == null || annotations.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, String> kept = null;
    for (Map.Entry<String, String> e : annotations.entrySet()) {
      if (readByChecks(e.getKey())) {
        if (kept == null) {
          kept = new TreeMap<>();
        }
        kept.put(e.getKey(), e.getValue() == null ? "" : e.getValue());
      }
    }
    return kept == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(kept);
  }
}
