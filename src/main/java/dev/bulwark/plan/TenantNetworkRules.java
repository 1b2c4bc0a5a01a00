package dev.bulwark.plan;

import dev.bulwark.api.DnsPort;
import dev.bulwark.api.DnsSpec;
import dev.bulwark.api.NetworkSpec;
import dev.bulwark.api.PolicyType;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.TenantPoliciesSpec;
import dev.bulwark.api.TenantPolicyAction;
import dev.bulwark.policy.network.Direction;
import dev.bulwark.policy.network.PeerAllowance;
import dev.bulwark.policy.network.PortNumber;
import dev.bulwark.policy.network.TenantNetworkRule;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link TenantNetworkRule} of a baseline: per direction its {@code network.defaultDeny}
 * closes, the peers its own policies allow there ({@link NamespacePlanner#networkPolicies}): pods
 * of the namespace, for Ingress the namespaces of {@code allowFromNamespaces}, for Egress with
 * {@code allowDNS} the DNS servers on DNS ports, and in both the {@code
 * tenantPolicies.allowedIPBlocks}. Pure.
 */
public final class TenantNetworkRules {

  private TenantNetworkRules() {}

  /** What the baseline does about tenant policies; Allow when unset. */
  public static TenantPolicyAction action(SecurityBaseline baseline) {
    NetworkSpec network = baseline.getSpec() == null ? null : baseline.getSpec().network;
    if (network == null || network.tenantPolicies == null) {
      return new TenantPoliciesSpec().action;
    }
    return network.tenantPolicies.action == null
        ? new TenantPoliciesSpec().action
        : network.tenantPolicies.action;
  }

  /**
   * The rule, or empty when the baseline does not check tenant policies: action Allow, or no
   * direction denied.
   */
  public static Optional<TenantNetworkRule> of(SecurityBaseline baseline) {
    NetworkSpec network = baseline.getSpec() == null ? null : baseline.getSpec().network;
    if (network == null || action(baseline) == TenantPolicyAction.Allow) {
      return Optional.empty();
    }
    List<String> allowedIpBlocks =
        network.tenantPolicies == null || network.tenantPolicies.allowedIPBlocks == null
            ? List.of()
            : network.tenantPolicies.allowedIPBlocks;
    Map<Direction, List<PeerAllowance>> allowed = new EnumMap<>(Direction.class);
    if (network.defaultDeny.contains(PolicyType.Ingress)) {
      List<PeerAllowance> ingress = new ArrayList<>();
      ingress.add(new PeerAllowance.OwnNamespacePods());
      if (network.allowFromNamespaces != null) {
        ingress.add(
            new PeerAllowance.NamespacesWithin(
                network.allowFromNamespaces, null, List.of(), "namespaces of allowFromNamespaces"));
      }
      if (!allowedIpBlocks.isEmpty()) {
        ingress.add(
            new PeerAllowance.AddressesWithin(allowedIpBlocks, List.of(), "allowedIPBlocks"));
      }
      allowed.put(Direction.INGRESS, ingress);
    }
    if (network.defaultDeny.contains(PolicyType.Egress)) {
      List<PeerAllowance> egress = new ArrayList<>();
      egress.add(new PeerAllowance.OwnNamespacePods());
      if (network.allowDNS) {
        DnsSpec dns = network.dns == null ? new DnsSpec() : network.dns;
        List<PortNumber> ports = dnsPorts(dns);
        // A DNS peer without namespaceSelector is pods of the namespace itself: allowed anyway.
        if (dns.namespaceSelector != null) {
          egress.add(
              new PeerAllowance.NamespacesWithin(
                  dns.namespaceSelector, dns.podSelector, ports, "DNS servers"));
        }
        if (dns.ipBlocks != null && !dns.ipBlocks.isEmpty()) {
          egress.add(new PeerAllowance.AddressesWithin(dns.ipBlocks, ports, "dns.ipBlocks"));
        }
      }
      if (!allowedIpBlocks.isEmpty()) {
        egress.add(
            new PeerAllowance.AddressesWithin(allowedIpBlocks, List.of(), "allowedIPBlocks"));
      }
      allowed.put(Direction.EGRESS, egress);
    }
    if (allowed.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(TenantNetworkRule.of(baseline.getMetadata().getName(), allowed));
  }

  /** The DNS ports as the planner writes them (default 53 over UDP and TCP), each once. */
  private static List<PortNumber> dnsPorts(DnsSpec dns) {
    List<DnsPort> ports =
        dns.ports == null || dns.ports.isEmpty() ? new DnsSpec().ports : dns.ports;
    return ports.stream()
        .map(p -> new PortNumber(p.protocol == null ? "UDP" : p.protocol, p.port))
        .distinct()
        .toList();
  }
}
