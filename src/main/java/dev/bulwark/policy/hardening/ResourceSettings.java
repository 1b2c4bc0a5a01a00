package dev.bulwark.policy.hardening;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.ContainerView;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.PodTarget;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Requests (for scheduling) or limits (against noisy neighbours) for cpu, memory and
 * ephemeral-storage on every init and regular container; one class serves both checks. A limit
 * without a request satisfies the requests check: Kubernetes sets the request to the limit.
 */
final class ResourceSettings implements HardeningCheck {

  private static final List<String> RESOURCES = List.of("cpu", "memory", "ephemeral-storage");

  static final ResourceSettings REQUESTS =
      new ResourceSettings(
          new CheckInfo(
              HardeningCheckIds.RESOURCE_REQUESTS,
              Standard.BULWARK,
              null,
              Severity.LOW,
              "Missing resource requests",
              "Set resources.requests for cpu, memory and ephemeral-storage on every container.",
              null),
          "requests");

  static final ResourceSettings LIMITS =
      new ResourceSettings(
          new CheckInfo(
              HardeningCheckIds.RESOURCE_LIMITS,
              Standard.BULWARK,
              null,
              Severity.MEDIUM,
              "Missing resource limits",
              "Set resources.limits for cpu, memory and ephemeral-storage on every container.",
              null),
          "limits");

  private final CheckInfo info;
  private final String field;

  private ResourceSettings(CheckInfo info, String field) {
    this.info = info;
    this.field = field;
  }

  @Override
  public CheckInfo info() {
    return info;
  }

  @Override
  public void check(PodView pod, PodTarget target, FindingSink sink) {
    for (ContainerView c : pod.containers()) {
      if (c.kind() == ContainerView.Kind.EPHEMERAL) {
        continue;
      }
      Map<String, Quantity> values = values(c.resources());
      Map<String, Quantity> limits = c.resources() == null ? null : c.resources().getLimits();
      List<String> missing = null;
      for (String resource : RESOURCES) {
        boolean set = values != null && values.get(resource) != null;
        // The API server defaults a Pod's missing request to its limit (SetDefaults_Pod), so a
        // limit is a request too; admission (which sees the defaulted Pod) agrees.
        if (!set && "requests".equals(field) && limits != null && limits.get(resource) != null) {
          set = true;
        }
        if (!set) {
          if (missing == null) {
            missing = new ArrayList<>(3);
          }
          missing.add(resource);
        }
      }
      if (missing != null) {
        sink.add(
            info.finding(
                "resource "
                    + field
                    + " missing ("
                    + c.describe()
                    + " must set resources."
                    + field
                    + " for "
                    + String.join(", ", missing)
                    + ")",
                c,
                "resources." + field));
      }
    }
  }

  private Map<String, Quantity> values(ResourceRequirements resources) {
    if (resources == null) {
      return null;
    }
    return "limits".equals(field) ? resources.getLimits() : resources.getRequests();
  }
}
