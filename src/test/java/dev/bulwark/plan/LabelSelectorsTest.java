package dev.bulwark.plan;

import static dev.bulwark.plan.Fixtures.expressions;
import static dev.bulwark.plan.Fixtures.matchLabels;
import static dev.bulwark.plan.Fixtures.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorsTest {

  private static final Map<String, String> TEAM_A_PROD = Map.of("team", "a", "env", "prod");

  static Stream<Arguments> matching() {
    return Stream.of(
        Arguments.of("null selector", null, TEAM_A_PROD, true),
        Arguments.of("null selector, null labels", null, null, true),
        Arguments.of("empty selector", new LabelSelector(), TEAM_A_PROD, true),
        Arguments.of("empty selector, null labels", new LabelSelector(), null, true),
        Arguments.of(
            "empty lists and maps",
            new LabelSelector(List.of(), Map.of()),
            Map.<String, String>of(),
            true),
        Arguments.of(
            "matchLabels all present", matchLabels(Map.of("team", "a")), TEAM_A_PROD, true),
        Arguments.of(
            "matchLabels every pair needed",
            matchLabels(Map.of("team", "a", "env", "dev")),
            TEAM_A_PROD,
            false),
        Arguments.of(
            "matchLabels wrong value", matchLabels(Map.of("team", "b")), TEAM_A_PROD, false),
        Arguments.of(
            "matchLabels missing key", matchLabels(Map.of("tier", "a")), TEAM_A_PROD, false),
        Arguments.of("matchLabels, null labels", matchLabels(Map.of("team", "a")), null, false),
        Arguments.of(
            "In: value listed", expressions(req("env", "In", "dev", "prod")), TEAM_A_PROD, true),
        Arguments.of(
            "In: value not listed", expressions(req("env", "In", "dev")), TEAM_A_PROD, false),
        Arguments.of("In: label absent", expressions(req("tier", "In", "web")), TEAM_A_PROD, false),
        Arguments.of("In: null labels", expressions(req("tier", "In", "web")), null, false),
        Arguments.of(
            "NotIn: value listed", expressions(req("env", "NotIn", "prod")), TEAM_A_PROD, false),
        Arguments.of(
            "NotIn: value not listed", expressions(req("env", "NotIn", "dev")), TEAM_A_PROD, true),
        Arguments.of(
            "NotIn: label absent", expressions(req("tier", "NotIn", "web")), TEAM_A_PROD, true),
        Arguments.of("NotIn: null labels", expressions(req("tier", "NotIn", "web")), null, true),
        Arguments.of("Exists: present", expressions(req("env", "Exists")), TEAM_A_PROD, true),
        Arguments.of(
            "Exists: present, empty value",
            expressions(req("env", "Exists")),
            Map.of("env", ""),
            true),
        Arguments.of("Exists: absent", expressions(req("tier", "Exists")), TEAM_A_PROD, false),
        Arguments.of("Exists: null labels", expressions(req("tier", "Exists")), null, false),
        Arguments.of(
            "DoesNotExist: present", expressions(req("env", "DoesNotExist")), TEAM_A_PROD, false),
        Arguments.of(
            "DoesNotExist: absent", expressions(req("tier", "DoesNotExist")), TEAM_A_PROD, true),
        Arguments.of(
            "DoesNotExist: null labels", expressions(req("tier", "DoesNotExist")), null, true),
        Arguments.of(
            "expressions are ANDed",
            expressions(req("env", "In", "prod"), req("team", "NotIn", "a")),
            TEAM_A_PROD,
            false),
        Arguments.of(
            "matchLabels and expressions are ANDed: both hold",
            new LabelSelector(List.of(req("env", "Exists")), Map.of("team", "a")),
            TEAM_A_PROD,
            true),
        Arguments.of(
            "matchLabels and expressions are ANDed: expression fails",
            new LabelSelector(List.of(req("env", "DoesNotExist")), Map.of("team", "a")),
            TEAM_A_PROD,
            false),
        Arguments.of(
            "matchLabels and expressions are ANDed: labels fail",
            new LabelSelector(List.of(req("env", "Exists")), Map.of("team", "b")),
            TEAM_A_PROD,
            false),
        Arguments.of(
            "unknown operator matches nothing",
            expressions(req("env", "in", "prod")),
            TEAM_A_PROD,
            false),
        Arguments.of(
            "operator is case-sensitive", expressions(req("env", "exists")), TEAM_A_PROD, false),
        Arguments.of(
            "null operator matches nothing", expressions(req("env", null)), TEAM_A_PROD, false),
        Arguments.of(
            "In without values matches nothing",
            expressions(req("env", "In")),
            TEAM_A_PROD,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matching")
  void matches(
      String description, LabelSelector selector, Map<String, String> labels, boolean expected) {
    assertThat(LabelSelectors.matches(selector, labels)).isEqualTo(expected);
  }

  static Stream<Arguments> keylessRequirements() {
    return Stream.of("In", "NotIn", "Exists", "DoesNotExist")
        .flatMap(
            op ->
                Stream.of(
                    Arguments.of(op, null),
                    Arguments.of(op, Map.of()),
                    Arguments.of(op, Map.of("env", "prod"))));
  }

  /**
   * The CRD schema does not require key, so a keyless requirement reaches matches() on any labels.
   */
  @ParameterizedTest(name = "{0} without key on {1}")
  @MethodSource("keylessRequirements")
  void requirementWithoutKeyMatchesNothingAndNeverThrows(
      String operator, Map<String, String> labels) {
    LabelSelector selector = expressions(req(null, operator, "prod"));

    assertThat(LabelSelectors.matches(selector, labels)).isFalse();
  }

  static Stream<Arguments> problemCases() {
    return Stream.of(
        Arguments.of(
            "In without values",
            req("env", "In"),
            List.of(
                new SpecProblem(
                    "f.matchExpressions[0].values", "must be non-empty when operator is In"))),
        Arguments.of(
            "NotIn with empty list",
            new LabelSelectorRequirement("env", "NotIn", List.of()),
            List.of(
                new SpecProblem(
                    "f.matchExpressions[0].values", "must be non-empty when operator is NotIn"))),
        Arguments.of(
            "Exists with values",
            req("env", "Exists", "prod"),
            List.of(
                new SpecProblem(
                    "f.matchExpressions[0].values", "must be empty when operator is Exists"))),
        Arguments.of(
            "DoesNotExist with values",
            req("env", "DoesNotExist", "prod"),
            List.of(
                new SpecProblem(
                    "f.matchExpressions[0].values",
                    "must be empty when operator is DoesNotExist"))),
        Arguments.of(
            "unknown operator",
            req("env", "Equals", "prod"),
            List.of(
                new SpecProblem(
                    "f.matchExpressions[0].operator",
                    "\"Equals\" is not one of In, NotIn, Exists, DoesNotExist"))),
        Arguments.of(
            "missing operator",
            req("env", null),
            List.of(new SpecProblem("f.matchExpressions[0].operator", "must be set"))),
        Arguments.of(
            "missing key",
            req(null, "Exists"),
            List.of(new SpecProblem("f.matchExpressions[0].key", "must be set"))),
        Arguments.of(
            "blank key",
            req("  ", "In", "x"),
            List.of(new SpecProblem("f.matchExpressions[0].key", "must be set"))),
        Arguments.of(
            "operator and key problems together, in that order",
            req(null, "In"),
            List.of(
                new SpecProblem(
                    "f.matchExpressions[0].values", "must be non-empty when operator is In"),
                new SpecProblem("f.matchExpressions[0].key", "must be set"))),
        Arguments.of("valid In", req("env", "In", "prod"), List.of()),
        Arguments.of("valid NotIn", req("env", "NotIn", "prod"), List.of()),
        Arguments.of("valid Exists", req("env", "Exists"), List.of()),
        Arguments.of("valid DoesNotExist", req("env", "DoesNotExist"), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problemCases")
  void problems(
      String description, LabelSelectorRequirement requirement, List<SpecProblem> expected) {
    assertThat(LabelSelectors.problems("f", expressions(requirement)))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void problemsIndexEachExpressionUnderTheGivenField() {
    LabelSelector selector =
        expressions(req("ok", "Exists"), req("env", "In"), req("tier", "Exists", "web"));

    assertThat(LabelSelectors.problems("spec.namespaceSelector", selector))
        .containsExactly(
            new SpecProblem(
                "spec.namespaceSelector.matchExpressions[1].values",
                "must be non-empty when operator is In"),
            new SpecProblem(
                "spec.namespaceSelector.matchExpressions[2].values",
                "must be empty when operator is Exists"));
  }

  @Test
  void absentSelectorOrExpressionsHaveNoProblems() {
    assertThat(LabelSelectors.problems("f", null)).isEmpty();
    assertThat(LabelSelectors.problems("f", new LabelSelector())).isEmpty();
    assertThat(LabelSelectors.problems("f", matchLabels(Map.of("a", "b")))).isEmpty();
  }
}
