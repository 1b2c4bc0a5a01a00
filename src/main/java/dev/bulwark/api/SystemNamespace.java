package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The namespaces Kubernetes itself runs in, which no baseline governs unless it lists them in
 * {@code spec.includeSystemNamespaces}: a default-deny NetworkPolicy there cuts CoreDNS off from
 * its upstream resolvers and control-plane add-ons off from the API server.
 */
public enum SystemNamespace {
  @JsonProperty("kube-system")
  KUBE_SYSTEM,
  @JsonProperty("kube-public")
  KUBE_PUBLIC,
  @JsonProperty("kube-node-lease")
  KUBE_NODE_LEASE;

  /** Every system namespace's name. */
  public static final Set<String> NAMES =
      Arrays.stream(values())
          .map(SystemNamespace::namespace)
          .collect(Collectors.toUnmodifiableSet());

  /** The namespace's name, e.g. {@code kube-system}. */
  public String namespace() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
