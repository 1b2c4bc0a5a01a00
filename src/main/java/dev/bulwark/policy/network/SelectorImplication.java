package dev.bulwark.policy.network;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether one label selector selects no more than another, decided from their text alone: every
 * requirement of the wider selector is implied by a requirement of the narrower one. Sound (a
 * {@code true} is always right) but not complete: selectors that happen to select the same labels
 * through different requirements are not recognised, so a tenant writes the baseline's own
 * requirements (and may add more).
 *
 * <p>Implied requirements of the wider selector, by operator: {@code key=value} (matchLabels) by
 * the same matchLabels entry; {@code In} by an {@code In} on the key with a subset of the values,
 * or a matchLabels entry whose value is listed; {@code NotIn} by a {@code NotIn} on the key with a
 * superset of the values, or a matchLabels entry whose value is not listed; {@code Exists} by a
 * matchLabels entry, an {@code Exists} or an {@code In} on the key; {@code DoesNotExist} by a
 * {@code DoesNotExist} on the key. {@code admission.TenantNetworkPolicyCel} writes the same rule in
 * CEL.
 */
public final class SelectorImplication {

  private SelectorImplication() {}

  /**
   * Whether {@code narrow} selects only objects {@code wide} selects; a null selector counts as the
   * empty selector (everything).
   */
  public static boolean implies(LabelSelector narrow, LabelSelector wide) {
    Map<String, String> labels = labels(narrow);
    List<LabelSelectorRequirement> expressions = expressions(narrow);
    for (Map.Entry<String, String> label : labels(wide).entrySet()) {
      if (!label.getValue().equals(labels.get(label.getKey()))) {
        return false;
      }
    }
    for (LabelSelectorRequirement requirement : expressions(wide)) {
      if (!implied(requirement, labels, expressions)) {
        return false;
      }
    }
    return true;
  }

  private static boolean implied(
      LabelSelectorRequirement wide,
      Map<String, String> labels,
      List<LabelSelectorRequirement> expressions) {
    String key = wide.getKey();
    List<String> values = values(wide);
    String label = labels.get(key);
    return switch (String.valueOf(wide.getOperator())) {
      case "In" ->
          expressions.stream()
                  .anyMatch(
                      x ->
                          key.equals(x.getKey())
                              && "In".equals(x.getOperator())
                              && x.getValues() != null
                              && values.containsAll(x.getValues()))
              || (label != null && values.contains(label));
      case "NotIn" ->
          expressions.stream()
                  .anyMatch(
                      x ->
                          key.equals(x.getKey())
                              && "NotIn".equals(x.getOperator())
                              && x.getValues() != null
                              && x.getValues().containsAll(values))
              || (label != null && !values.contains(label));
      case "Exists" ->
          label != null
              || expressions.stream()
                  .anyMatch(
                      x ->
                          key.equals(x.getKey())
                              && ("Exists".equals(x.getOperator())
                                  || "In".equals(x.getOperator())));
      case "DoesNotExist" ->
          expressions.stream()
              .anyMatch(x -> key.equals(x.getKey()) && "DoesNotExist".equals(x.getOperator()));
      default -> false;
    };
  }

  private static Map<String, String> labels(LabelSelector selector) {
    return selector == null || selector.getMatchLabels() == null
        ? Map.of()
        : selector.getMatchLabels();
  }

  private static List<LabelSelectorRequirement> expressions(LabelSelector selector) {
    return selector == null || selector.getMatchExpressions() == null
        ? List.of()
        : selector.getMatchExpressions().stream().filter(Objects::nonNull).toList();
  }

  private static List<String> values(LabelSelectorRequirement requirement) {
    return requirement.getValues() == null ? List.of() : requirement.getValues();
  }
}
