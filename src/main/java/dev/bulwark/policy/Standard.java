package dev.bulwark.policy;

import java.util.Locale;

/** Which rule book a finding comes from: the Pod Security Standards or Bulwark's own hardening. */
public enum Standard {
  PSS,
  BULWARK;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return label();
  }
}
