package dev.bulwark.plan;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Evaluates and validates Kubernetes label selectors the way the API server does. */
public final class LabelSelectors {

  private LabelSelectors() {}

  /** Whether {@code labels} satisfy {@code selector}; an absent or empty selector matches all. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> wanted : selector.getMatchLabels().entrySet()) {
        if (!wanted.getValue().equals(actual.get(wanted.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
        if (!satisfies(requirement, actual)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Problems that make {@code selector} unusable, naming fields under {@code field}. */
  public static List<SpecProblem> problems(String field, LabelSelector selector) {
    List<SpecProblem> problems = new ArrayList<>();
    if (selector == null || selector.getMatchExpressions() == null) {
      return problems;
    }
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    for (int i = 0; i < expressions.size(); i++) {
      LabelSelectorRequirement requirement = expressions.get(i);
      String at = field + ".matchExpressions[" + i + "]";
      List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
      String operator = requirement.getOperator();
      switch (operator == null ? "" : operator) {
        case "" -> problems.add(new SpecProblem(at + ".operator", "must be set"));
        case "In", "NotIn" -> {
          if (values.isEmpty()) {
            problems.add(
                new SpecProblem(at + ".values", "must be non-empty when operator is " + operator));
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (!values.isEmpty()) {
            problems.add(
                new SpecProblem(at + ".values", "must be empty when operator is " + operator));
          }
        }
        default ->
            problems.add(
                new SpecProblem(
                    at + ".operator",
                    "\"" + operator + "\" is not one of In, NotIn, Exists, DoesNotExist"));
      }
      if (requirement.getKey() == null || requirement.getKey().isBlank()) {
        problems.add(new SpecProblem(at + ".key", "must be set"));
      }
    }
    return problems;
  }

  /** An invalid requirement (no key, unknown operator) matches nothing, and never throws. */
  private static boolean satisfies(
      LabelSelectorRequirement requirement, Map<String, String> labels) {
    if (requirement.getKey() == null) {
      return false;
    }
    String value = labels.get(requirement.getKey());
    List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    return switch (String.valueOf(requirement.getOperator())) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> labels.containsKey(requirement.getKey());
      case "DoesNotExist" -> !labels.containsKey(requirement.getKey());
      default -> false;
    };
  }
}
