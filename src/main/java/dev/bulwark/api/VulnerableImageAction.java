package dev.bulwark.api;

/** What a baseline's vulnerability policy does with the images of a {@link VulnerableImageSet}. */
public enum VulnerableImageAction {
  /** Refuse new pods and pod templates that use them. */
  Deny,
  /** Admit them with a warning (and an audit annotation). */
  Warn
}
