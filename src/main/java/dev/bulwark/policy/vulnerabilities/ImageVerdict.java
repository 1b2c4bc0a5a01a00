package dev.bulwark.policy.vulnerabilities;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link VulnerabilityThreshold} finds in one {@link ScannedImage}: the vulnerabilities it
 * counts (above the limit, not excepted, fixed ones only with ignoreUnfixed), most severe first.
 *
 * @param image the report judged
 * @param counted the vulnerabilities above the limit; empty when the image passes
 */
public record ImageVerdict(ScannedImage image, List<ReportedVulnerability> counted) {

  /** Most vulnerability ids a summary or a property lists. */
  public static final int IDS = 10;

  public ImageVerdict {
    counted = List.copyOf(counted);
  }

  /** Whether the image has vulnerabilities above the limit. */
  public boolean exceeds() {
    return !counted.isEmpty();
  }

  /** How many counted vulnerabilities of each severity, most severe first. */
  public Map<VulnerabilitySeverity, Integer> counts() {
    Map<VulnerabilitySeverity, Integer> counts = new EnumMap<>(VulnerabilitySeverity.class);
    counted.forEach(v -> counts.merge(v.severity(), 1, Integer::sum));
    Map<VulnerabilitySeverity, Integer> ordered = new LinkedHashMap<>();
    for (int i = VulnerabilitySeverity.values().length - 1; i >= 0; i--) {
      VulnerabilitySeverity severity = VulnerabilitySeverity.values()[i];
      if (counts.containsKey(severity)) {
        ordered.put(severity, counts.get(severity));
      }
    }
    return ordered;
  }

  /** {@code 2 critical, 1 high}. */
  public String countText() {
    List<String> parts = new ArrayList<>();
    counts().forEach((severity, count) -> parts.add(count + " " + severity.label()));
    return String.join(", ", parts);
  }

  /** The distinct ids counted, most severe first. */
  public List<String> ids() {
    Set<String> ids = new LinkedHashSet<>();
    counted.forEach(v -> ids.add(v.id()));
    return List.copyOf(ids);
  }

  /**
   * {@code 2 critical, 1 high (report ns/name): CVE-1 (CRITICAL, pkg 1.0, fixed in 1.1), ... and 3
   * more}: the first {@link #IDS} distinct ids with their package and fixed version.
   */
  public String summary() {
    List<String> described = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (ReportedVulnerability v : counted) {
      if (seen.add(v.id()) && described.size() < IDS) {
        described.add(v.describe());
      }
    }
    int more = seen.size() - described.size();
    return countText()
        + " (VulnerabilityReport "
        + image.reportRef()
        + "): "
        + String.join(", ", described)
        + (more > 0 ? " and " + more + " more" : "");
  }
}
