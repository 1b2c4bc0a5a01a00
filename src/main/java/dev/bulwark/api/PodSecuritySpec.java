package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Pod Security Standards level and version for a baseline's namespaces. */
public class PodSecuritySpec {

  @JsonPropertyDescription(
      "Pod Security Standards level: privileged, baseline or restricted. Set as the namespace's"
          + " pod-security.kubernetes.io/enforce, audit and warn labels.")
  @Default("restricted")
  public PodSecurityLevel level = PodSecurityLevel.RESTRICTED;

  @JsonPropertyDescription(
      "Pod Security Standards version: latest or v1.N (e.g. v1.30), as the -version labels take.")
  @Default("latest")
  @Pattern("^(latest|v1\\.(0|[1-9][0-9]?))$")
  public String version = "latest";
}
