package dev.bulwark.operator.namespace;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a live owned object already has the content Bulwark wants, comparing quantities by value
 * ({@code 1000m} equals {@code 1}) so that an unchanged cluster causes no writes.
 */
final class SameContent {

  private SameContent() {}

  static boolean networkPolicy(NetworkPolicy desired, NetworkPolicy actual) {
    return labelsPresent(desired.getMetadata().getLabels(), actual.getMetadata().getLabels())
        && Objects.equals(desired.getSpec(), actual.getSpec());
  }

  static boolean quota(ResourceQuota desired, ResourceQuota actual) {
    return labelsPresent(desired.getMetadata().getLabels(), actual.getMetadata().getLabels())
        && actual.getSpec() != null
        && quantities(desired.getSpec().getHard(), actual.getSpec().getHard())
        && actual.getSpec().getScopeSelector() == null
        && (actual.getSpec().getScopes() == null || actual.getSpec().getScopes().isEmpty());
  }

  static boolean limitRange(LimitRange desired, LimitRange actual) {
    if (!labelsPresent(desired.getMetadata().getLabels(), actual.getMetadata().getLabels())
        || actual.getSpec() == null) {
      return false;
    }
    List<LimitRangeItem> want = desired.getSpec().getLimits();
    List<LimitRangeItem> have = actual.getSpec().getLimits();
    if (have == null || want.size() != have.size()) {
      return false;
    }
    for (int i = 0; i < want.size(); i++) {
      LimitRangeItem w = want.get(i);
      LimitRangeItem h = have.get(i);
      if (!Objects.equals(w.getType(), h.getType())
          || !quantities(w.getDefault(), h.getDefault())
          || !quantities(w.getDefaultRequest(), h.getDefaultRequest())
          || !quantities(w.getMax(), h.getMax())
          || !quantities(w.getMin(), h.getMin())
          || !quantities(w.getMaxLimitRequestRatio(), h.getMaxLimitRequestRatio())) {
        return false;
      }
    }
    return true;
  }

  /** Same keys, and every quantity equal by value; null and empty are the same. */
  static boolean quantities(Map<String, Quantity> want, Map<String, Quantity> have) {
    Map<String, Quantity> w = want == null ? Map.of() : want;
    Map<String, Quantity> h = have == null ? Map.of() : have;
    if (!w.keySet().equals(h.keySet())) {
      return false;
    }
    for (Map.Entry<String, Quantity> entry : w.entrySet()) {
      if (entry
              .getValue()
              .getNumericalAmount()
              .compareTo(h.get(entry.getKey()).getNumericalAmount())
          != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean labelsPresent(Map<String, String> want, Map<String, String> have) {
    return have != null && have.entrySet().containsAll(want.entrySet());
  }
}
