package dev.bulwark.api;

/**
 * What a baseline does about NetworkPolicies that namespace owners write and that reopen a
 * direction its default-deny closes (see {@link TenantPoliciesSpec}).
 */
public enum TenantPolicyAction {
  /** Not checked: tenant policies may open anything (NetworkPolicies are additive). */
  Allow,
  /** Reported as findings (status, Report); admission only warns. */
  Report,
  /** Reported, and refused at admission in Enforce mode (Audit mode only warns). */
  Deny
}
