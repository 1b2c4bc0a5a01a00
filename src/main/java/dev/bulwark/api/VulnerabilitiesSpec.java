package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * The check {@code imageVulnerabilities}: workloads' images judged by the VulnerabilityReports
 * (aquasecurity.github.io/v1alpha1) Trivy Operator writes; Bulwark scans nothing itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VulnerabilitiesSpec {

  @JsonPropertyDescription(
      "The most severe vulnerability an image may have. High (default): CRITICAL ones are"
          + " violations; Medium: HIGH and CRITICAL; Low: MEDIUM, HIGH and CRITICAL; None: any,"
          + " of UNKNOWN severity too.")
  @Default("High")
  public VulnerabilitySeverityLimit maxSeverity = VulnerabilitySeverityLimit.High;

  @JsonPropertyDescription(
      "Count only vulnerabilities the report gives a fixedVersion for (Trivy's ignoreUnfixed).")
  @Default("false")
  public boolean ignoreUnfixed;

  @JsonPropertyDescription(
      "Vulnerabilities accepted by id, in audit and at admission alike, for the whole baseline."
          + " To accept an image for some workloads only, add an entry to spec.exceptions with"
          + " checks: [imageVulnerabilities] and a namespace list or selector.")
  @Size(max = 100)
  public List<VulnerabilityExceptionSpec> exceptions = new ArrayList<>();
}
