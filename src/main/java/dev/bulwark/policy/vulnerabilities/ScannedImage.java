package dev.bulwark.policy.vulnerabilities;

import java.util.List;
import java.util.Set;

/**
 * One VulnerabilityReport reduced to what the check reads: which report, the container it was made
 * for, the image's keys ({@link ImageKey}) and its vulnerabilities, most severe first (only those
 * at or above the least severity some baseline counts).
 *
 * @param namespace the report's namespace
 * @param name the report's name
 * @param container the container it was made for ({@code trivy-operator.container.name}), empty
 *     when unlabelled
 * @param image the image as the report names it, {@code server/repository:tag@digest}
 * @param keys the keys the image is known by
 * @param vulnerabilities most severe first
 */
public record ScannedImage(
    String namespace,
    String name,
    String container,
    String image,
    Set<String> keys,
    List<ReportedVulnerability> vulnerabilities) {

  public ScannedImage {
    keys = Set.copyOf(keys);
    vulnerabilities = List.copyOf(vulnerabilities);
  }

  /** {@code namespace/name} of the report. */
  public String reportRef() {
    return namespace + "/" + name;
  }
}
