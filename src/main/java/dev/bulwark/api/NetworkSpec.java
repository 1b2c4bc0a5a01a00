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
      "Allow DNS egress (UDP and TCP 53) to kube-dns in kube-system when egress is denied.")
  @Default("true")
  public boolean allowDNS = true;

  @JsonPropertyDescription("Allow traffic between pods of the same namespace.")
  @Default("false")
  public boolean allowSameNamespace;

  @JsonPropertyDescription(
      "Allow ingress from pods in namespaces matching this label selector (e.g. the ingress"
          + " controller's namespace). Absent: none.")
  public LabelSelector allowFromNamespaces;
}
