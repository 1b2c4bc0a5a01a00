package dev.bulwark.admission;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * NetworkPolicies near the tenant rule's boundaries for {@code TenantPolicyParityIT}'s baseline
 * ({@code TenantPolicyParityIT.SPEC}): peers just inside and just outside each allowance (own
 * namespace, allowFromNamespaces' requirements narrowed or not, the DNS servers on DNS ports or
 * not, addresses within allowedIPBlocks and dns.ipBlocks or not, IPv4 and IPv6), rules without
 * peers, inferred and listed policy types, and the exception's label. Seeded: the same seed gives
 * the same policies.
 */
public final class TenantPolicyGenerator {

  private final Random random;
  private final String namespace;
  private int count;

  public TenantPolicyGenerator(long seed, String namespace) {
    this.random = new Random(seed);
    this.namespace = namespace;
  }

  /** The next policy, named p-0, p-1, ... */
  public NetworkPolicy next() {
    NetworkPolicyBuilder builder =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("p-" + count++)
            .endMetadata()
            .withNewSpec()
            .withPodSelector(random.nextBoolean() ? new LabelSelector() : labels("app", "web"))
            .endSpec();
    if (random.nextInt(10) == 0) {
      builder.editMetadata().addToLabels("exempt", "yes").endMetadata();
    }
    List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      ingress.add(new NetworkPolicyIngressRule(peers(), ports()));
    }
    List<NetworkPolicyEgressRule> egress = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      egress.add(new NetworkPolicyEgressRule(ports(), peers()));
    }
    var spec = builder.editSpec();
    if (!ingress.isEmpty() || random.nextBoolean()) {
      spec.withIngress(ingress);
    }
    if (!egress.isEmpty() || random.nextBoolean()) {
      spec.withEgress(egress);
    }
    switch (random.nextInt(4)) {
      case 0 -> {} // inferred by the API server
      case 1 -> spec.withPolicyTypes("Ingress");
      case 2 -> spec.withPolicyTypes("Egress");
      default -> spec.withPolicyTypes("Ingress", "Egress");
    }
    return spec.endSpec().build();
  }

  /** Absent (every peer), empty (every peer), or one to three peers. */
  private List<NetworkPolicyPeer> peers() {
    int n = random.nextInt(6);
    if (n == 0) {
      return null;
    }
    if (n == 1) {
      return new ArrayList<>();
    }
    List<NetworkPolicyPeer> peers = new ArrayList<>();
    for (int i = 0; i < Math.min(n - 1, 3); i++) {
      peers.add(peer());
    }
    return peers;
  }

  private NetworkPolicyPeer peer() {
    return switch (random.nextInt(4)) {
      case 0 -> new NetworkPolicyPeerBuilder().withPodSelector(podSelector()).build();
      case 1, 2 ->
          new NetworkPolicyPeerBuilder()
              .withNamespaceSelector(pick(NAMESPACE_SELECTORS).get())
              .withPodSelector(random.nextBoolean() ? null : podSelector())
              .build();
      default -> {
        String cidr = pick(CIDRS);
        yield new NetworkPolicyPeerBuilder()
            .withNewIpBlock()
            .withCidr(cidr)
            .withExcept(exceptFor(cidr))
            .endIpBlock()
            .build();
      }
    };
  }

  /** Sometimes a hole in {@code cidr} (the API server wants a strict subset). */
  private List<String> exceptFor(String cidr) {
    boolean holds = List.of("10.20.0.0/16", "10.0.0.0/8", "0.0.0.0/0").contains(cidr);
    return holds && random.nextInt(3) == 0 ? List.of("10.20.1.0/24") : null;
  }

  private LabelSelector podSelector() {
    return switch (random.nextInt(5)) {
      case 0 -> new LabelSelector();
      case 1 -> labels("k8s-app", "kube-dns");
      case 2 -> labels("k8s-app", "kube-dns", "tier", "cache");
      case 3 -> labels("k8s-app", "other");
      default ->
          new LabelSelectorBuilder()
              .addNewMatchExpression()
              .withKey("k8s-app")
              .withOperator("In")
              .withValues("kube-dns")
              .endMatchExpression()
              .build();
    };
  }

  private final List<Supplier<LabelSelector>> NAMESPACE_SELECTORS =
      List.of(
          LabelSelector::new,
          () -> labels("kubernetes.io/metadata.name", namespaceName()),
          () -> labels("kubernetes.io/metadata.name", "other"),
          () -> labels("kubernetes.io/metadata.name", "kube-system"),
          () -> labels("kubernetes.io/metadata.name", "kube-system", "extra", "x"),
          () -> allowFrom(List.of("a", "b"), List.of("db"), true, true, null),
          () -> allowFrom(List.of("a"), List.of("db", "cache"), true, true, "x"),
          () -> allowFrom(List.of("a", "c"), List.of("db"), true, true, null),
          () -> allowFrom(List.of("a", "b"), List.of("cache"), true, true, null),
          () -> allowFrom(List.of("a", "b"), List.of("db"), false, true, null),
          () -> allowFrom(List.of("a", "b"), List.of("db"), true, false, null),
          () -> allowFrom(null, List.of("db"), true, true, null),
          () -> labels("ingress", "true"),
          () -> labels("ingress", "false"));

  private String namespaceName() {
    return namespace;
  }

  /**
   * A selector close to allowFromNamespaces: its label, zone In {@code zones} (or zone=a as a label
   * when null), tier NotIn {@code tiers}, edge present (as a label or Exists), quarantine
   * DoesNotExist when {@code quarantine}, plus label extra={@code extra}.
   */
  private static LabelSelector allowFrom(
      List<String> zones, List<String> tiers, boolean edge, boolean quarantine, String extra) {
    LabelSelectorBuilder builder = new LabelSelectorBuilder().addToMatchLabels("ingress", "true");
    if (zones == null) {
      builder.addToMatchLabels("zone", "a");
    } else {
      builder
          .addNewMatchExpression()
          .withKey("zone")
          .withOperator("In")
          .withValues(zones)
          .endMatchExpression();
    }
    builder
        .addNewMatchExpression()
        .withKey("tier")
        .withOperator("NotIn")
        .withValues(tiers)
        .endMatchExpression();
    if (edge) {
      if (zones == null) {
        builder.addToMatchLabels("edge", "yes");
      } else {
        builder.addNewMatchExpression().withKey("edge").withOperator("Exists").endMatchExpression();
      }
    }
    if (quarantine) {
      builder
          .addNewMatchExpression()
          .withKey("quarantine")
          .withOperator("DoesNotExist")
          .endMatchExpression();
    }
    if (extra != null) {
      builder.addToMatchLabels("extra", extra);
    }
    return builder.build();
  }

  private static final List<String> CIDRS =
      List.of(
          "10.20.0.0/16",
          "10.20.3.0/24",
          "10.20.7.9/32",
          "10.21.0.0/16",
          "10.0.0.0/8",
          "0.0.0.0/0",
          "169.254.20.10/32",
          "169.254.20.0/24",
          "1.2.3.4/32",
          "fd00:20::/32",
          "fd00:20:1::/48",
          "fd00::/8",
          "::/0");

  /** Absent (every port) or one to three ports, sometimes named, ranged or without protocol. */
  private List<NetworkPolicyPort> ports() {
    int n = random.nextInt(4);
    if (n == 0) {
      return null;
    }
    List<NetworkPolicyPort> ports = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      NetworkPolicyPortBuilder port = new NetworkPolicyPortBuilder();
      switch (random.nextInt(8)) {
        case 0 -> port.withPort(new IntOrString(53)).withProtocol("UDP");
        case 1 -> port.withPort(new IntOrString(53)).withProtocol("TCP");
        case 2 -> port.withPort(new IntOrString(53));
        case 3 -> port.withPort(new IntOrString(5353)).withProtocol("UDP");
        case 4 -> port.withPort(new IntOrString(8080)).withProtocol("TCP");
        case 5 -> port.withPort(new IntOrString("dns")).withProtocol("UDP");
        case 6 -> port.withPort(new IntOrString(53)).withEndPort(60).withProtocol("UDP");
        default -> port.withPort(new IntOrString(53)).withProtocol("SCTP");
      }
      ports.add(port.build());
    }
    return ports;
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static LabelSelector labels(String... keyValues) {
    LabelSelectorBuilder builder = new LabelSelectorBuilder();
    for (int i = 0; i < keyValues.length; i += 2) {
      builder.addToMatchLabels(keyValues[i], keyValues[i + 1]);
    }
    return builder.build();
  }
}
