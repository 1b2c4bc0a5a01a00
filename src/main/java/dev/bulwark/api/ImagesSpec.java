package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.ArrayList;
import java.util.List;

/** Image hygiene rules for a baseline's workloads. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImagesSpec {

  @JsonPropertyDescription("Report images not pinned by digest (@sha256:...).")
  @Default("false")
  public boolean requireDigest;

  @JsonPropertyDescription(
      "Registries images may come from (e.g. registry.example.com, ghcr.io/acme). Empty: any.")
  public List<String> allowedRegistries = new ArrayList<>();

  @JsonPropertyDescription(
      "Known vulnerabilities, from the VulnerabilityReports Trivy Operator writes (check"
          + " imageVulnerabilities). Absent: not checked. A workload whose image has no report yet"
          + " is counted as not scanned (neither compliant nor a violation). In Enforce mode a"
          + " generated ValidatingAdmissionPolicy refuses new pods and pod templates using an"
          + " image above maxSeverity, once it has been warned about for the preview period.")
  public VulnerabilitiesSpec vulnerabilities;
}
