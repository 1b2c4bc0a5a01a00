package dev.bulwark.operator.baseline;

import dev.bulwark.plan.SpecProblem;
import java.util.List;
import java.util.stream.Collectors;

/** The {@link ConditionTypes#SPEC_WARNINGS} condition from the spec validator's warnings. */
final class SpecWarnings {

  private SpecWarnings() {}

  static void set(Conditions conditions, List<SpecProblem> warnings) {
    if (warnings.isEmpty()) {
      conditions.set(
          ConditionTypes.SPEC_WARNINGS, false, "NoWarnings", "every part of the spec takes effect");
    } else {
      conditions.set(
          ConditionTypes.SPEC_WARNINGS,
          true,
          "ExceptionNotEnforceable",
          warnings.stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
    }
  }
}
