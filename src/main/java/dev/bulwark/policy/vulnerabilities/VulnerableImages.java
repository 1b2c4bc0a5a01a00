package dev.bulwark.policy.vulnerabilities;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The images a threshold finds vulnerable among reports, by key ({@link ImageKey}), each with why:
 * the parameters of the admission policy. A key several reports describe takes the reason of the
 * first (by {@code namespace/name}) that counts vulnerabilities; any one suffices, as in the audit.
 */
public final class VulnerableImages {

  private VulnerableImages() {}

  /** Key to reason ({@link ImageVerdict#summary()}), sorted by key. */
  public static Map<String, String> of(
      Collection<ScannedImage> reports, VulnerabilityThreshold threshold) {
    Map<String, String> vulnerable = new TreeMap<>();
    List<ScannedImage> ordered =
        reports.stream().sorted(Comparator.comparing(ScannedImage::reportRef)).toList();
    for (ScannedImage report : ordered) {
      ImageVerdict verdict = threshold.judge(report);
      if (!verdict.exceeds()) {
        continue;
      }
      String reason = verdict.summary();
      for (String key : report.keys()) {
        vulnerable.putIfAbsent(key, reason);
      }
    }
    return vulnerable;
  }
}
