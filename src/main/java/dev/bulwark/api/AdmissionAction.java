package dev.bulwark.api;

/** What the generated admission policies of an Enforce baseline do with a violating object. */
public enum AdmissionAction {
  /**
   * Refuse it, once the preview of what would be refused is in status (and, when the preview names
   * existing workloads, after the grace period).
   */
  Deny,
  /** Admit it with a warning to the client and an audit annotation: a dry run without end. */
  Warn
}
