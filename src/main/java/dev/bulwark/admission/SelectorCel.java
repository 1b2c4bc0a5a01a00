package dev.bulwark.admission;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Kubernetes label selector as a CEL condition over the labels of the object under admission,
 * with the semantics of {@link dev.bulwark.plan.LabelSelectors#matches}: no selector matches
 * everything, {@code NotIn} and {@code DoesNotExist} match objects without the label.
 */
final class SelectorCel {

  private static final String LABELS = "object.metadata.labels";

  private SelectorCel() {}

  /** A CEL boolean expression; {@code true} for a null or empty selector. */
  static String matches(LabelSelector selector) {
    if (selector == null) {
      return "true";
    }
    List<String> terms = new ArrayList<>();
    Map<String, String> matchLabels =
        selector.getMatchLabels() == null ? Map.of() : new TreeMap<>(selector.getMatchLabels());
    matchLabels.forEach(
        (key, value) -> terms.add(has(key) + " && " + label(key) + " == " + CelText.string(value)));
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
        terms.add(requirement(requirement));
      }
    }
    if (terms.isEmpty()) {
      return "true";
    }
    return "(" + String.join(") && (", terms) + ")";
  }

  private static String requirement(LabelSelectorRequirement requirement) {
    String key = requirement.getKey();
    List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    return switch (requirement.getOperator()) {
      case "In" -> has(key) + " && " + label(key) + " in " + CelText.strings(values);
      case "NotIn" ->
          "!(" + has(key) + " && " + label(key) + " in " + CelText.strings(values) + ")";
      case "Exists" -> has(key);
      case "DoesNotExist" -> "!(" + has(key) + ")";
      // SpecValidator refuses other operators; an unknown one matches nothing, as in
      // LabelSelectors.
      default -> "false";
    };
  }

  private static String has(String key) {
    return "has(" + LABELS + ") && " + CelText.string(key) + " in " + LABELS;
  }

  private static String label(String key) {
    return LABELS + "[" + CelText.string(key) + "]";
  }
}
