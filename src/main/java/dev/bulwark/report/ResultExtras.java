package dev.bulwark.report;

import dev.bulwark.api.Violation;
import java.util.List;
import java.util.Map;

/**
 * What some checks add to a namespace's OpenReports results beyond their violations: properties of
 * some results (e.g. a vulnerable image's CVE ids, counts and fixed versions), and results that are
 * skips rather than failures (e.g. a workload whose image no VulnerabilityReport describes yet).
 *
 * @param properties extra {@code properties} of the result of a violation, by that violation
 * @param severities the {@code severity} of the result of a violation, where it is not its check's
 *     (lower case: critical, high, medium, low)
 * @param skipped results with {@code result: skip}, in the shape of violations
 */
public record ResultExtras(
    Map<Violation, Map<String, String>> properties,
    Map<Violation, String> severities,
    List<Violation> skipped) {

  /** Nothing extra. */
  public static final ResultExtras NONE = new ResultExtras(Map.of(), Map.of(), List.of());

  public ResultExtras {
    properties = Map.copyOf(properties);
    severities = Map.copyOf(severities);
    skipped = List.copyOf(skipped);
  }
}
