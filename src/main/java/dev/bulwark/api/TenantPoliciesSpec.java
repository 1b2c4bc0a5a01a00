package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule for NetworkPolicies a baseline did not write (namespace owners', tools'): they may
 * narrow traffic further, but a rule of theirs must not allow, in a direction defaultDeny closes,
 * peers the baseline does not allow itself. docs/tenants.md defines the rule field by field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TenantPoliciesSpec {

  @JsonPropertyDescription(
      "What happens to a NetworkPolicy not written by Bulwark that reopens a direction listed in"
          + " defaultDeny: one of its ingress (egress) rules allows a peer the baseline does not"
          + " allow in that direction. A rule with no from (to) allows every peer. Allowed peers:"
          + " pods of the policy's own namespace (a peer with only a podSelector, or a"
          + " namespaceSelector matching kubernetes.io/metadata.name=<own namespace>); for"
          + " Ingress, pods of namespaces within allowFromNamespaces (the peer's namespaceSelector"
          + " has every requirement of allowFromNamespaces); for Egress with allowDNS, the DNS"
          + " servers of dns on DNS ports only; ipBlocks within allowedIPBlocks (and, for DNS"
          + " ports, within dns.ipBlocks). Deny: reported as a finding and, in Enforce mode,"
          + " refused at admission (create, or an update that changes the spec) unless an"
          + " exception for check tenantNetworkPolicy covers the policy's labels; refusal starts"
          + " only after the baseline's status at the new generation names the existing policies"
          + " it would refuse (condition TenantPoliciesReopen); Audit mode only warns. Report:"
          + " finding and admission warning only. Allow: not checked.")
  @Default("Deny")
  public TenantPolicyAction action = TenantPolicyAction.Deny;

  @JsonPropertyDescription(
      "Address ranges (CIDR) tenant NetworkPolicies may open a denied direction to or from, e.g."
          + " 10.20.0.0/16 for a shared database network. A peer's ipBlock is allowed when its"
          + " cidr lies within one of these (its except list is ignored: it only narrows)."
          + " Default: none.")
  @Size(max = 32)
  public List<String> allowedIPBlocks = new ArrayList<>();
}
