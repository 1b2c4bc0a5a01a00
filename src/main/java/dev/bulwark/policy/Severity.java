package dev.bulwark.policy;

import java.util.Locale;

/** How urgently a finding should be fixed; reports and SARIF map it to their own scales. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return label();
  }
}
