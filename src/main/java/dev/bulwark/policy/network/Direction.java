package dev.bulwark.policy.network;

/** A direction of traffic, with the field names a NetworkPolicy uses for it. */
public enum Direction {
  INGRESS("Ingress", "ingress", "from"),
  EGRESS("Egress", "egress", "to");

  private final String policyType;
  private final String rulesField;
  private final String peersField;

  Direction(String policyType, String rulesField, String peersField) {
    this.policyType = policyType;
    this.rulesField = rulesField;
    this.peersField = peersField;
  }

  /** As in {@code spec.policyTypes}: {@code Ingress} or {@code Egress}. */
  public String policyType() {
    return policyType;
  }

  /** The list of rules in the spec: {@code ingress} or {@code egress}. */
  public String rulesField() {
    return rulesField;
  }

  /** The list of peers in a rule: {@code from} or {@code to}. */
  public String peersField() {
    return peersField;
  }
}
