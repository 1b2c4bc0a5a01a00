package dev.bulwark.api;

/** NetworkPolicy directions, spelled as NetworkPolicy.spec.policyTypes spells them. */
public enum PolicyType {
  Ingress,
  Egress
}
