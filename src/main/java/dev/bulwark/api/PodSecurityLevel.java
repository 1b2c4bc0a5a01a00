package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Pod Security Standards levels, spelled as the PodSecurity admission labels spell them. */
public enum PodSecurityLevel {
  @JsonProperty("privileged")
  PRIVILEGED,
  @JsonProperty("baseline")
  BASELINE,
  @JsonProperty("restricted")
  RESTRICTED;

  /** The label value, e.g. {@code restricted}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
