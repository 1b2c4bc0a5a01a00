package dev.bulwark.policy.network;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of peer a baseline allows in a direction it denies, which a tenant NetworkPolicy may
 * therefore allow too. {@link TenantNetworkRule} holds a list per direction; {@code
 * admission.TenantNetworkPolicyCel} renders each variant in CEL (an exhaustive switch, so a new
 * variant cannot be forgotten there), and the parity test proves the two agree.
 */
public sealed interface PeerAllowance {

  /** The label the API server sets on every namespace to its name; nobody can change it. */
  String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  /**
   * Whether {@code peer}, in a rule whose ports are {@code rulePorts} (null or empty: every port),
   * of a policy in {@code namespace}, is allowed.
   */
  boolean allows(NetworkPolicyPeer peer, List<NetworkPolicyPort> rulePorts, String namespace);

  /** What is allowed, for messages, e.g. "pods of this namespace". */
  String describe();

  /**
   * Pods of the policy's own namespace: a peer without ipBlock whose namespaceSelector is absent or
   * requires {@code kubernetes.io/metadata.name} to be the namespace. Their traffic stays within
   * what the namespace's owner controls anyway. Any podSelector, any ports.
   */
  record OwnNamespacePods() implements PeerAllowance {
    @Override
    public boolean allows(
        NetworkPolicyPeer peer, List<NetworkPolicyPort> rulePorts, String namespace) {
      if (peer.getIpBlock() != null) {
        return false;
      }
      LabelSelector namespaces = peer.getNamespaceSelector();
      if (namespaces == null) {
        return true;
      }
      Map<String, String> labels = namespaces.getMatchLabels();
      return labels != null && namespace.equals(labels.get(NAMESPACE_NAME_LABEL));
    }

    @Override
    public String describe() {
      return "pods of this namespace";
    }
  }

  /**
   * Pods of other namespaces: a peer whose namespaceSelector selects no more than {@code
   * namespaces} and whose podSelector (absent: every pod) selects no more than {@code pods} (null:
   * every pod), by {@link SelectorImplication}; only on {@code ports} when that list is not empty.
   *
   * @param what how messages name it, e.g. "namespaces of allowFromNamespaces"
   */
  record NamespacesWithin(
      LabelSelector namespaces, LabelSelector pods, List<PortNumber> ports, String what)
      implements PeerAllowance {
    public NamespacesWithin {
      ports = List.copyOf(ports);
    }

    @Override
    public boolean allows(
        NetworkPolicyPeer peer, List<NetworkPolicyPort> rulePorts, String namespace) {
      return peer.getIpBlock() == null
          && peer.getNamespaceSelector() != null
          && SelectorImplication.implies(peer.getNamespaceSelector(), namespaces)
          && SelectorImplication.implies(peer.getPodSelector(), pods)
          && portsWithin(rulePorts, ports);
    }

    @Override
    public String describe() {
      return ports.isEmpty() ? what : what + " on " + PortNumber.join(ports);
    }
  }

  /**
   * Addresses: a peer whose ipBlock cidr lies within one of {@code cidrs} ({@link CidrRange}; its
   * except list only narrows, so it is ignored); only on {@code ports} when that list is not empty.
   * Entries that are not CIDR notation the CEL library accepts allow nothing.
   *
   * @param what how messages name it, e.g. "allowedIPBlocks"
   */
  record AddressesWithin(List<String> cidrs, List<PortNumber> ports, String what)
      implements PeerAllowance {
    public AddressesWithin {
      cidrs = List.copyOf(cidrs);
      ports = List.copyOf(ports);
    }

    @Override
    public boolean allows(
        NetworkPolicyPeer peer, List<NetworkPolicyPort> rulePorts, String namespace) {
      if (peer.getIpBlock() == null || !portsWithin(rulePorts, ports)) {
        return false;
      }
      Optional<CidrRange> inner = CidrRange.parse(peer.getIpBlock().getCidr());
      return inner.isPresent()
          && usableCidrs().stream()
              .map(CidrRange::parse)
              .flatMap(Optional::stream)
              .anyMatch(outer -> outer.contains(inner.get()));
    }

    /** The entries of {@code cidrs} that are CIDR notation the CEL library accepts. */
    public List<String> usableCidrs() {
      return cidrs.stream().filter(PeerAllowance::usableCidr).toList();
    }

    @Override
    public String describe() {
      return ports.isEmpty() ? what : what + " on " + PortNumber.join(ports);
    }
  }

  /**
   * Whether {@code cidr} is CIDR notation the Kubernetes CEL library's {@code cidr()} accepts (an
   * IPv4 or IPv6 address without leading zeros or zone, not IPv4-mapped, and a prefix length).
   */
  static boolean usableCidr(String cidr) {
    return CidrRange.parse(cidr).isPresent();
  }

  /**
   * Whether a rule's ports stay within {@code allowed}: always when {@code allowed} is empty;
   * otherwise the rule must list ports, each a number (not a name, no endPort) whose protocol
   * (default TCP) and number are allowed.
   */
  static boolean portsWithin(List<NetworkPolicyPort> rulePorts, List<PortNumber> allowed) {
    if (allowed.isEmpty()) {
      return true;
    }
    if (rulePorts == null || rulePorts.isEmpty()) {
      return false;
    }
    for (NetworkPolicyPort port : rulePorts) {
      IntOrString number = port.getPort();
      if (number == null || number.getIntVal() == null || port.getEndPort() != null) {
        return false;
      }
      String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
      if (!allowed.contains(new PortNumber(protocol, number.getIntVal()))) {
        return false;
      }
    }
    return true;
  }
}
