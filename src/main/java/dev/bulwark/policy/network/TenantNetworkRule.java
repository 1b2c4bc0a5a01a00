package dev.bulwark.policy.network;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The rule a NetworkPolicy Bulwark did not write must keep in a namespace whose baseline denies a
 * direction by default: NetworkPolicies are additive, so one rule of such a policy that allows a
 * peer in that direction opens the direction to that peer for the pods it selects. A policy
 * <em>reopens</em> a denied direction when it has that direction among its policy types (given, or
 * as the API server infers them: Ingress always, Egress when it has egress rules) and one of its
 * rules for it either lists no peers (every peer) or lists a peer none of the direction's {@link
 * PeerAllowance}s allows. Pure; {@code admission.TenantNetworkPolicyCel} writes the same rule in
 * CEL for admission.
 *
 * @param check the check id findings carry ({@link #CHECK})
 * @param baseline the baseline's name, for messages
 * @param allowed per denied direction, the peers still allowed; a direction absent here is not
 *     denied and never checked
 */
public record TenantNetworkRule(
    String check, String baseline, Map<Direction, List<PeerAllowance>> allowed) {

  /** Check id of a tenant NetworkPolicy reopening a denied direction. */
  public static final String CHECK = "tenantNetworkPolicy";

  public TenantNetworkRule {
    Map<Direction, List<PeerAllowance>> copy = new EnumMap<>(Direction.class);
    allowed.forEach((direction, peers) -> copy.put(direction, List.copyOf(peers)));
    allowed = Map.copyOf(copy);
  }

  /** A rule for {@code baseline} with the given allowances per denied direction. */
  public static TenantNetworkRule of(String baseline, Map<Direction, List<PeerAllowance>> allowed) {
    return new TenantNetworkRule(CHECK, baseline, allowed);
  }

  /** The denied directions, in order (Ingress, Egress). */
  public List<Direction> denied() {
    return List.of(Direction.values()).stream().filter(allowed::containsKey).toList();
  }

  /**
   * Where {@code policy}, in {@code namespace}, reopens a denied direction: the field path of each
   * rule without peers ({@code spec.ingress[0]}) and of each peer not allowed ({@code
   * spec.egress[1].to[2]}), ingress first, in order; empty when it reopens nothing.
   */
  public List<String> reopenings(NetworkPolicy policy, String namespace) {
    NetworkPolicySpec spec = policy.getSpec();
    List<String> paths = new ArrayList<>();
    if (spec == null) {
      return paths;
    }
    List<String> types = effectiveTypes(spec);
    for (Direction direction : denied()) {
      if (!types.contains(direction.policyType())) {
        continue;
      }
      List<Rule> rules = rules(spec, direction);
      for (int i = 0; i < rules.size(); i++) {
        String path = "spec." + direction.rulesField() + "[" + i + "]";
        List<NetworkPolicyPeer> peers = rules.get(i).peers();
        if (peers == null || peers.isEmpty()) {
          paths.add(path);
          continue;
        }
        for (int j = 0; j < peers.size(); j++) {
          NetworkPolicyPeer peer = peers.get(j);
          List<NetworkPolicyPort> ports = rules.get(i).ports();
          boolean allowedPeer =
              peer != null
                  && allowed.get(direction).stream()
                      .anyMatch(a -> a.allows(peer, ports, namespace));
          if (!allowedPeer) {
            paths.add(path + "." + direction.peersField() + "[" + j + "]");
          }
        }
      }
    }
    return paths;
  }

  /** The finding's message for {@code paths} (from {@link #reopenings}), as admission words it. */
  public String message(List<String> paths) {
    return messagePrefix() + String.join(", ", paths) + messageSuffix();
  }

  /** The text before the list of paths in {@link #message}. */
  public String messagePrefix() {
    return "allows traffic that baseline " + baseline + " denies at ";
  }

  /** The text after the list of paths in {@link #message}: what is allowed instead. */
  public String messageSuffix() {
    List<String> parts = new ArrayList<>();
    for (Direction direction : denied()) {
      parts.add(
          direction.policyType()
              + ": "
              + String.join(
                  ", ", allowed.get(direction).stream().map(PeerAllowance::describe).toList()));
    }
    return " (allowed where denied by default: "
        + String.join("; ", parts)
        + "; ask for an exception for check "
        + check
        + " otherwise)";
  }

  /**
   * The policy types as the API server applies them: the listed ones, or, when none are listed,
   * Ingress plus Egress if there are egress rules.
   */
  static List<String> effectiveTypes(NetworkPolicySpec spec) {
    if (spec.getPolicyTypes() != null && !spec.getPolicyTypes().isEmpty()) {
      return spec.getPolicyTypes();
    }
    return spec.getEgress() != null && !spec.getEgress().isEmpty()
        ? List.of("Ingress", "Egress")
        : List.of("Ingress");
  }

  private record Rule(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {}

  private static List<Rule> rules(NetworkPolicySpec spec, Direction direction) {
    List<Rule> rules = new ArrayList<>();
    if (direction == Direction.INGRESS) {
      for (NetworkPolicyIngressRule rule : nonNull(spec.getIngress())) {
        rules.add(rule == null ? new Rule(null, null) : new Rule(rule.getFrom(), rule.getPorts()));
      }
    } else {
      for (NetworkPolicyEgressRule rule : nonNull(spec.getEgress())) {
        rules.add(rule == null ? new Rule(null, null) : new Rule(rule.getTo(), rule.getPorts()));
      }
    }
    return rules;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
