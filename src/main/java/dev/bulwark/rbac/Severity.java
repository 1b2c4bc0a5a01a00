package dev.bulwark.rbac;

import java.util.Locale;

/** How urgently an RBAC finding needs attention; {@link #id()} is the value shown in status. */
public enum Severity {
  /** Grants control of the cluster or a direct path to it. */
  CRITICAL,
  /** Grants broad access that is rarely needed and easily abused. */
  HIGH,
  /** Grants more than needed but with a limited blast radius. */
  MEDIUM;

  /**
   * Lower-case id ({@code critical}, {@code high}, {@code medium}) used in findings and reports.
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
