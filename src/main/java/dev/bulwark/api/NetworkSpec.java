package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** Default-deny NetworkPolicies for a baseline's namespaces, and what they still allow. */
public class NetworkSpec {

  @JsonPropertyDescription(
      "Directions denied by default (a NetworkPolicy bulwark-default-deny selecting every pod)."
          + " Empty: no default-deny policy.")
  @Default("[\"Ingress\", \"Egress\"]")
  public List<PolicyType> defaultDeny =
      new ArrayList<>(List.of(PolicyType.Ingress, PolicyType.Egress));

  @JsonPropertyDescription(
      "Allow DNS egress when egress is denied (a NetworkPolicy bulwark-allow-dns), to the"
          + " servers described in dns (default: kube-dns in kube-system on UDP and TCP 53).")
  @Default("true")
  public boolean allowDNS = true;

  @JsonPropertyDescription(
      "Where DNS queries may go when allowDNS is true and egress is denied: namespace and pod"
          + " selectors of the DNS server pods, ports, and IP blocks such as a NodeLocal DNSCache"
          + " address. Default: kube-dns pods in kube-system, port 53 over UDP and TCP.")
  @Default("{}")
  public DnsSpec dns = new DnsSpec();

  @JsonPropertyDescription("Allow traffic between pods of the same namespace.")
  @Default("false")
  public boolean allowSameNamespace;

  @JsonPropertyDescription(
      "Allow ingress from pods in namespaces matching this label selector (e.g. the ingress"
          + " controller's namespace). Absent: none.")
  public LabelSelector allowFromNamespaces;

  @JsonPropertyDescription(
      "NetworkPolicies in governed namespaces other than Bulwark's own (namespace owners',"
          + " tools'): whether one that reopens a direction denied here is allowed, reported or"
          + " refused, and which address ranges they may open.")
  @Default("{}")
  public TenantPoliciesSpec tenantPolicies = new TenantPoliciesSpec();
}
