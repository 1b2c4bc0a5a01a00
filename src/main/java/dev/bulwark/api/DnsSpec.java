package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Where pods may send DNS queries when egress is denied: the bulwark-allow-dns NetworkPolicy's one
 * egress rule. The defaults are the kube-dns Service's pods as kubeadm, kind and most distributions
 * label them ({@code k8s-app=kube-dns} in kube-system) on port 53 over UDP and TCP.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DnsSpec {

  /** Label of the namespace name that the API server sets on every namespace. */
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  @JsonPropertyDescription(
      "Namespaces of the DNS server pods (a standard label selector). Default: kube-system, by"
          + " its kubernetes.io/metadata.name label.")
  @Default("{\"matchLabels\": {\"kubernetes.io/metadata.name\": \"kube-system\"}}")
  public LabelSelector namespaceSelector =
      new LabelSelectorBuilder().addToMatchLabels(NAMESPACE_NAME_LABEL, "kube-system").build();

  @JsonPropertyDescription(
      "DNS server pods within those namespaces (a standard label selector). Default: k8s-app:"
          + " kube-dns (CoreDNS as kubeadm and most distributions label it). {} selects every pod"
          + " of the selected namespaces.")
  @Default("{\"matchLabels\": {\"k8s-app\": \"kube-dns\"}}")
  public LabelSelector podSelector =
      new LabelSelectorBuilder().addToMatchLabels("k8s-app", "kube-dns").build();

  @JsonPropertyDescription(
      "Ports DNS queries may go to. Default: 53 over UDP and over TCP (TCP carries large"
          + " answers). Add e.g. {port: 5353, protocol: UDP} for a resolver on 5353.")
  @Default("[{\"port\": 53, \"protocol\": \"UDP\"}, {\"port\": 53, \"protocol\": \"TCP\"}]")
  @Size(min = 1, max = 16)
  public List<DnsPort> ports =
      new ArrayList<>(List.of(new DnsPort(53, "UDP"), new DnsPort(53, "TCP")));

  @JsonPropertyDescription(
      "Extra destinations by address, in CIDR notation, e.g. 169.254.20.10/32 for a NodeLocal"
          + " DNSCache on every node (its link-local address matches no pod selector). Default:"
          + " none.")
  @Size(max = 16)
  public List<String> ipBlocks = new ArrayList<>();
}
