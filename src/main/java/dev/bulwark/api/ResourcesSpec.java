package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** ResourceQuota and LimitRange for a baseline's namespaces. */
public class ResourcesSpec {

  @JsonPropertyDescription("ResourceQuota bulwark-quota. Absent: no quota is created.")
  public QuotaSpec quota;

  @JsonPropertyDescription(
      "LimitRange bulwark-limits for containers. Absent: no LimitRange is created.")
  public LimitRangeSpec limitRange;

  @JsonPropertyDescription(
      "Report containers without cpu, memory and ephemeral-storage requests and limits.")
  @Default("false")
  public boolean requireRequestsAndLimits;
}
