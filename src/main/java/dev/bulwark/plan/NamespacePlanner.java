package dev.bulwark.plan;

import dev.bulwark.api.DnsPort;
import dev.bulwark.api.DnsSpec;
import dev.bulwark.api.LimitRangeSpec;
import dev.bulwark.api.NetworkSpec;
import dev.bulwark.api.PolicyType;
import dev.bulwark.api.QuotaSpec;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Pure translation of a baseline spec into the objects it wants in one namespace. */
public final class NamespacePlanner {

  public static final String DEFAULT_DENY = "bulwark-default-deny";
  public static final String ALLOW_DNS = "bulwark-allow-dns";
  public static final String ALLOW_SAME_NAMESPACE = "bulwark-allow-same-namespace";
  public static final String ALLOW_FROM_NAMESPACES = "bulwark-allow-from-namespaces";
  public static final String QUOTA = "bulwark-quota";
  public static final String LIMIT_RANGE = "bulwark-limits";

  private NamespacePlanner() {}

  /** The plan for {@code namespace} under {@code baseline}. */
  public static NamespacePlan plan(SecurityBaseline baseline, String namespace) {
    SecurityBaselineSpec spec = baseline.getSpec();
    String name = baseline.getMetadata().getName();
    return new NamespacePlan(
        namespace,
        name,
        PodSecurityLabels.desired(spec.podSecurity),
        networkPolicies(spec.network, namespace, name),
        Optional.ofNullable(spec.resources.quota).map(q -> quota(q, namespace, name)),
        Optional.ofNullable(spec.resources.limitRange).map(l -> limitRange(l, namespace, name)),
        spec.serviceAccounts.automountToken,
        spec.serviceAccounts.allServiceAccounts);
  }

  /**
   * Default-deny for the listed directions, plus allow policies only for denied directions: an
   * allow policy on its own would isolate pods that the baseline means to leave open.
   */
  static List<NetworkPolicy> networkPolicies(NetworkSpec network, String namespace, String owner) {
    List<NetworkPolicy> policies = new ArrayList<>();
    boolean denyIngress = network.defaultDeny.contains(PolicyType.Ingress);
    boolean denyEgress = network.defaultDeny.contains(PolicyType.Egress);
    if (!denyIngress && !denyEgress) {
      return policies;
    }
    policies.add(
        policy(DEFAULT_DENY, namespace, owner)
            .withNewSpec()
            .withPodSelector(new LabelSelector())
            .withPolicyTypes(policyTypes(denyIngress, denyEgress))
            .endSpec()
            .build());
    if (network.allowDNS && denyEgress) {
      policies.add(
          policy(ALLOW_DNS, namespace, owner)
              .withNewSpec()
              .withPodSelector(new LabelSelector())
              .withPolicyTypes("Egress")
              .addNewEgress()
              .withTo(dnsPeers(network.dns))
              .withPorts(dnsPorts(network.dns))
              .endEgress()
              .endSpec()
              .build());
    }
    if (network.allowSameNamespace) {
      NetworkPolicyPeer sameNamespace =
          new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelector()).build();
      var spec =
          policy(ALLOW_SAME_NAMESPACE, namespace, owner)
              .withNewSpec()
              .withPodSelector(new LabelSelector())
              .withPolicyTypes(policyTypes(denyIngress, denyEgress));
      if (denyIngress) {
        spec = spec.addNewIngress().withFrom(sameNamespace).endIngress();
      }
      if (denyEgress) {
        spec = spec.addNewEgress().withTo(sameNamespace).endEgress();
      }
      policies.add(spec.endSpec().build());
    }
    if (network.allowFromNamespaces != null && denyIngress) {
      policies.add(
          policy(ALLOW_FROM_NAMESPACES, namespace, owner)
              .withNewSpec()
              .withPodSelector(new LabelSelector())
              .withPolicyTypes("Ingress")
              .addNewIngress()
              .withFrom(
                  new NetworkPolicyPeerBuilder()
                      .withNamespaceSelector(network.allowFromNamespaces)
                      .build())
              .endIngress()
              .endSpec()
              .build());
    }
    return policies;
  }

  static ResourceQuota quota(QuotaSpec quota, String namespace, String owner) {
    return new ResourceQuotaBuilder()
        .withMetadata(metadata(QUOTA, namespace, owner))
        .withNewSpec()
        .withHard(new TreeMap<>(quota.hard))
        .endSpec()
        .build();
  }

  /**
   * The LimitRange as the API server stores it: a missing default limit takes the max, a missing
   * default request takes the default limit, else the min. Applying exactly that means the stored
   * object equals the plan, so an unchanged cluster causes no writes.
   */
  static LimitRange limitRange(LimitRangeSpec limits, String namespace, String owner) {
    Map<String, Quantity> defaultLimit = copy(limits.defaultLimit);
    Map<String, Quantity> defaultRequest = copy(limits.defaultRequest);
    copy(limits.max).forEach(defaultLimit::putIfAbsent);
    defaultLimit.forEach(defaultRequest::putIfAbsent);
    copy(limits.min).forEach(defaultRequest::putIfAbsent);
    return new LimitRangeBuilder()
        .withMetadata(metadata(LIMIT_RANGE, namespace, owner))
        .withNewSpec()
        .addNewLimit()
        .withType("Container")
        .withDefault(emptyToNull(defaultLimit))
        .withDefaultRequest(emptyToNull(defaultRequest))
        .withMax(emptyToNull(limits.max))
        .withMin(emptyToNull(limits.min))
        .endLimit()
        .endSpec()
        .build();
  }

  private static Map<String, Quantity> copy(Map<String, Quantity> values) {
    return values == null ? new TreeMap<>() : new TreeMap<>(values);
  }

  private static Map<String, Quantity> emptyToNull(Map<String, Quantity> values) {
    return values == null || values.isEmpty() ? null : new TreeMap<>(values);
  }

  private static NetworkPolicyBuilder policy(String name, String namespace, String owner) {
    return new NetworkPolicyBuilder().withMetadata(metadata(name, namespace, owner));
  }

  private static List<String> policyTypes(boolean ingress, boolean egress) {
    List<String> types = new ArrayList<>();
    if (ingress) {
      types.add("Ingress");
    }
    if (egress) {
      types.add("Egress");
    }
    return types;
  }

  /**
   * The DNS servers: pods by namespace and pod selector (kube-dns in kube-system by default) and
   * each IP block. A selector left out of the spec selects nothing extra: both absent means no pod
   * peer at all, so only the IP blocks remain.
   */
  static List<NetworkPolicyPeer> dnsPeers(DnsSpec dns) {
    DnsSpec spec = dns == null ? new DnsSpec() : dns;
    List<NetworkPolicyPeer> peers = new ArrayList<>();
    if (spec.namespaceSelector != null || spec.podSelector != null) {
      peers.add(
          new NetworkPolicyPeerBuilder()
              .withNamespaceSelector(spec.namespaceSelector)
              .withPodSelector(spec.podSelector)
              .build());
    }
    if (spec.ipBlocks != null) {
      spec.ipBlocks.stream()
          .distinct()
          .forEach(
              cidr ->
                  peers.add(
                      new NetworkPolicyPeerBuilder()
                          .withNewIpBlock()
                          .withCidr(cidr)
                          .endIpBlock()
                          .build()));
    }
    return peers;
  }

  /** The DNS ports, default 53 over UDP and TCP, each once. */
  static List<NetworkPolicyPort> dnsPorts(DnsSpec dns) {
    List<DnsPort> ports =
        dns == null || dns.ports == null || dns.ports.isEmpty() ? new DnsSpec().ports : dns.ports;
    return ports.stream()
        .distinct()
        .map(
            port ->
                new NetworkPolicyPortBuilder()
                    .withProtocol(port.protocol == null ? "UDP" : port.protocol)
                    .withPort(new IntOrString(port.port))
                    .build())
        .toList();
  }

  /** Metadata of an owned object: recognisable by label, attributed to its baseline. */
  static ObjectMeta metadata(String name, String namespace, String owner) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY_VALUE)
        .addToLabels(Ownership.BASELINE_LABEL, owner)
        .build();
  }
}
