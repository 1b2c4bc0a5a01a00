package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The OpenReports {@code Report} (openreports.io/v1alpha1) the operator keeps in each governed
 * namespace: one result per finding, bounded in size.
 */
public class ReportsSpec {

  /** The largest {@link #maxResults} allowed: keeps a Report far below etcd's object size limit. */
  public static final int MAX_RESULTS_LIMIT = 1000;

  @JsonPropertyDescription(
      "Keep an OpenReports Report (openreports.io/v1alpha1, named bulwark) in each governed"
          + " namespace, in Enforce and Audit mode alike; false removes them. Needs the OpenReports"
          + " CRDs installed in the cluster; without them the operator logs it once and goes on.")
  @Default("true")
  public boolean enabled = true;

  @JsonPropertyDescription(
      "At most this many results per Report (the most severe first); the summary still counts"
          + " every finding.")
  @Default("100")
  @Min(0)
  @Max(MAX_RESULTS_LIMIT)
  public int maxResults = 100;
}
