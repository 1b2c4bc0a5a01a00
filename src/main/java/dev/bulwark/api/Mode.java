package dev.bulwark.api;

/** Whether a baseline changes the cluster or only reports on it. */
public enum Mode {
  /** Create and repair owned objects and admission labels. */
  Enforce,
  /** Report only: nothing but the baseline's status is written. */
  Audit
}
