package dev.bulwark.policy;

import java.util.Locale;

/** Pod Security Standards levels, ordered from least to most strict. */
public enum Level {
  PRIVILEGED,
  BASELINE,
  RESTRICTED;

  /** The lower-case name used in namespace labels, flags and reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a label value as the API server does (exact lower-case names only). */
  public static Level parse(String value) {
    for (Level level : values()) {
      if (level.label().equals(value)) {
        return level;
      }
    }
    throw new IllegalArgumentException(
        "level must be one of privileged, baseline, restricted (got \"" + value + "\")");
  }

  @Override
  public String toString() {
    return label();
  }
}
