package dev.bulwark.plan;

import dev.bulwark.api.PodSecurityLevel;
import dev.bulwark.api.PodSecuritySpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The PodSecurity admission labels a namespace carries, and their order of strictness. */
public final class PodSecurityLabels {

  public static final String PREFIX = "pod-security.kubernetes.io/";
  public static final String ENFORCE = PREFIX + "enforce";
  public static final String ENFORCE_VERSION = PREFIX + "enforce-version";

  private static final List<String> MODES = List.of("enforce", "audit", "warn");

  private PodSecurityLabels() {}

  /** The six labels (enforce, audit, warn and their -version) that a spec asks for. */
  public static Map<String, String> desired(PodSecuritySpec spec) {
    Map<String, String> labels = new TreeMap<>();
    for (String mode : MODES) {
      labels.put(PREFIX + mode, spec.level.label());
      labels.put(PREFIX + mode + "-version", spec.version);
    }
    return labels;
  }

  /** The pod-security labels among {@code labels}. */
  public static Map<String, String> current(Map<String, String> labels) {
    Map<String, String> current = new TreeMap<>();
    if (labels != null) {
      labels.forEach(
          (key, value) -> {
            if (key.startsWith(PREFIX)) {
              current.put(key, value);
            }
          });
    }
    return current;
  }

  /**
   * Whether moving enforcement from {@code current} labels to {@code desired} ones can reject pods
   * that are admitted today: a stricter level, or a different version at a non-privileged level.
   */
  public static boolean tightens(Map<String, String> current, Map<String, String> desired) {
    int from = strictness(current.get(ENFORCE));
    int to = strictness(desired.get(ENFORCE));
    if (to > from) {
      return true;
    }
    boolean versionChanged =
        !desired
            .getOrDefault(ENFORCE_VERSION, "latest")
            .equals(current.getOrDefault(ENFORCE_VERSION, "latest"));
    return to == from && to > 0 && versionChanged;
  }

  private static int strictness(String level) {
    if (level == null) {
      return 0;
    }
    for (PodSecurityLevel candidate : PodSecurityLevel.values()) {
      if (candidate.label().equals(level)) {
        return candidate.ordinal();
      }
    }
    return 0;
  }
}
