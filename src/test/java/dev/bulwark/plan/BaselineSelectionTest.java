package dev.bulwark.plan;

import static dev.bulwark.plan.Fixtures.baseline;
import static dev.bulwark.plan.Fixtures.expressions;
import static dev.bulwark.plan.Fixtures.matchLabels;
import static dev.bulwark.plan.Fixtures.namespace;
import static dev.bulwark.plan.Fixtures.req;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SystemNamespace;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BaselineSelectionTest {

  private static final String OPERATOR_NS = "bulwark-system";
  private static final String DELETED_AT = "2026-01-01T00:00:00Z";

  private final BaselineSelection selection = new BaselineSelection(OPERATOR_NS);

  private static SecurityBaseline selecting(Map<String, String> labels) {
    SecurityBaseline baseline = baseline("restricted", 0);
    baseline.getSpec().namespaceSelector = matchLabels(labels);
    return baseline;
  }

  private static Namespace deleting(Namespace namespace) {
    namespace.getMetadata().setDeletionTimestamp(DELETED_AT);
    return namespace;
  }

  private static SecurityBaseline deleting(SecurityBaseline baseline) {
    baseline.getMetadata().setDeletionTimestamp(DELETED_AT);
    return baseline;
  }

  private static SecurityBaseline withoutSpec() {
    SecurityBaseline baseline = baseline("nospec", 0);
    baseline.setSpec(null);
    return baseline;
  }

  private static SecurityBaseline excluding(String... namespaces) {
    SecurityBaseline baseline = baseline("restricted", 0);
    baseline.getSpec().excludeNamespaces = new ArrayList<>(List.of(namespaces));
    return baseline;
  }

  private static SecurityBaseline including(SystemNamespace... namespaces) {
    SecurityBaseline baseline = baseline("restricted", 0);
    baseline.getSpec().includeSystemNamespaces = new ArrayList<>(List.of(namespaces));
    return baseline;
  }

  private static SecurityBaseline withSelector(
      SecurityBaseline baseline, Map<String, String> labels) {
    baseline.getSpec().namespaceSelector =
        new LabelSelectorBuilder().withMatchLabels(labels).build();
    return baseline;
  }

  private static SecurityBaseline excludingToo(SecurityBaseline baseline, String... namespaces) {
    baseline.getSpec().excludeNamespaces = new ArrayList<>(List.of(namespaces));
    return baseline;
  }

  static Stream<Arguments> selectsCases() {
    Map<String, String> team = Map.of("team", "a");
    return Stream.of(
        Arguments.of(
            "no selector: every namespace", baseline("b", 0), namespace("app", null), true),
        Arguments.of("matching labels", selecting(team), namespace("app", team), true),
        Arguments.of(
            "extra labels do not matter",
            selecting(team),
            namespace("app", Map.of("team", "a", "env", "prod")),
            true),
        Arguments.of("other labels", selecting(team), namespace("app", Map.of("team", "b")), false),
        Arguments.of("no labels", selecting(team), namespace("app", null), false),
        Arguments.of(
            "expression selector",
            baselineWithExpression(),
            namespace("app", Map.of("env", "prod")),
            true),
        Arguments.of(
            "expression selector, not matching",
            baselineWithExpression(),
            namespace("app", Map.of("env", "dev")),
            false),
        Arguments.of(
            "default excludes kube-system",
            baseline("b", 0),
            namespace("kube-system", null),
            false),
        Arguments.of(
            "default excludes kube-public",
            baseline("b", 0),
            namespace("kube-public", null),
            false),
        Arguments.of(
            "default excludes kube-node-lease",
            baseline("b", 0),
            namespace("kube-node-lease", null),
            false),
        Arguments.of(
            "excluded even when labels match",
            excluding("legacy"),
            namespace("legacy", Map.of("team", "a")),
            false),
        Arguments.of(
            "exclusion is by exact name", excluding("legacy"), namespace("legacy-2", null), true),
        Arguments.of(
            "empty exclusion list still excludes kube-system",
            excluding(),
            namespace("kube-system", null),
            false),
        Arguments.of(
            "excludeNamespaces adds to the system namespaces, never replaces them",
            excluding("legacy"),
            namespace("kube-system", Map.of("team", "a")),
            false),
        Arguments.of(
            "excludeNamespaces adds: kube-node-lease still excluded",
            excluding("legacy"),
            namespace("kube-node-lease", null),
            false),
        Arguments.of(
            "opting in to kube-system governs it",
            including(SystemNamespace.KUBE_SYSTEM),
            namespace("kube-system", null),
            true),
        Arguments.of(
            "opting in to kube-system does not include kube-public",
            including(SystemNamespace.KUBE_SYSTEM),
            namespace("kube-public", null),
            false),
        Arguments.of(
            "opting in still needs the selector to match",
            withSelector(including(SystemNamespace.KUBE_PUBLIC), Map.of("team", "a")),
            namespace("kube-public", null),
            false),
        Arguments.of(
            "excludeNamespaces wins over opting in",
            excludingToo(including(SystemNamespace.KUBE_SYSTEM), "kube-system"),
            namespace("kube-system", null),
            false),
        Arguments.of(
            "operator namespace never governed",
            excluding(),
            namespace(OPERATOR_NS, Map.of("team", "a")),
            false),
        Arguments.of(
            "namespace being deleted", baseline("b", 0), deleting(namespace("app", null)), false),
        Arguments.of(
            "baseline being deleted", deleting(baseline("b", 0)), namespace("app", null), false),
        Arguments.of("baseline without spec", withoutSpec(), namespace("app", null), false));
  }

  private static SecurityBaseline baselineWithExpression() {
    SecurityBaseline baseline = baseline("b", 0);
    baseline.getSpec().namespaceSelector = expressions(req("env", "In", "prod", "staging"));
    return baseline;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("selectsCases")
  void selects(
      String description, SecurityBaseline baseline, Namespace namespace, boolean expected) {
    assertThat(selection.selects(baseline, namespace)).isEqualTo(expected);
  }

  @Test
  void withoutOperatorNamespaceOnlyTheBaselineDecides() {
    BaselineSelection outside = new BaselineSelection(null);

    assertThat(outside.selects(excluding(), namespace(OPERATOR_NS, null))).isTrue();
  }

  @Test
  void noSelectingBaselineIsNone() {
    Governance governance =
        selection.govern(
            namespace("app", null),
            List.of(selecting(Map.of("team", "a")), deleting(baseline("gone", 5))));

    assertThat(governance).isEqualTo(Governance.NONE);
    assertThat(governance.winner()).isEmpty();
    assertThat(governance.losers()).isEmpty();
  }

  @Test
  void noBaselinesAtAllIsNone() {
    assertThat(selection.govern(namespace("app", null), List.of())).isEqualTo(Governance.NONE);
  }

  @Test
  void singleSelectingBaselineWinsWithoutLosers() {
    SecurityBaseline only = baseline("only", 0);

    Governance governance = selection.govern(namespace("app", null), List.of(only));

    assertThat(governance.winner()).containsSame(only);
    assertThat(governance.losers()).isEmpty();
  }

  static Stream<Arguments> precedence() {
    return Stream.of(
        Arguments.of("higher priority wins", List.of("a:0", "b:10"), List.of("b", "a")),
        Arguments.of("negative priorities", List.of("a:-5", "b:-1"), List.of("b", "a")),
        Arguments.of("bounds of the CRD range", List.of("a:-1000", "b:1000"), List.of("b", "a")),
        Arguments.of(
            "tie goes to first name", List.of("zeta:3", "alpha:3"), List.of("alpha", "zeta")),
        Arguments.of(
            "losers in precedence order",
            List.of("m:1", "c:1", "x:7", "a:-2", "k:7"),
            List.of("k", "x", "c", "m", "a")));
  }

  /** Rows are "name:priority"; expected is winner first, then the losers in order. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("precedence")
  void governPicksByPriorityThenName(String description, List<String> rows, List<String> expected) {
    List<SecurityBaseline> baselines = new ArrayList<>();
    for (String row : rows) {
      String[] parts = row.split(":");
      baselines.add(baseline(parts[0], Integer.parseInt(parts[1])));
    }
    for (List<SecurityBaseline> order : List.of(baselines, reversed(baselines))) {
      Governance governance = selection.govern(namespace("app", null), order);

      assertThat(governance.winner()).map(b -> b.getMetadata().getName()).contains(expected.get(0));
      assertThat(governance.losers())
          .extracting(b -> b.getMetadata().getName())
          .containsExactlyElementsOf(expected.subList(1, expected.size()));
    }
  }

  /**
   * Issue 26, item 1: a higher-priority baseline whose spec is invalid never takes a namespace from
   * a valid one; it governs only where no valid baseline selects the namespace.
   */
  @Test
  void aValidBaselineWinsOverAnInvalidOneOfHigherPriority() {
    SecurityBaseline invalid = baseline("invalid-high", 100);
    invalid.getSpec().exceptions =
        new ArrayList<>(
            List.of(Fixtures.exception(List.of("runAsNonRoot"), "JIRA-1", "2027-01-31")));
    SecurityBaseline valid = baseline("valid-low", 0);

    Governance governance = selection.govern(namespace("app", null), List.of(invalid, valid));

    assertThat(selection.valid(invalid)).isFalse();
    assertThat(governance.winner()).containsSame(valid);
    assertThat(governance.losers()).containsExactly(invalid);
    assertThat(selection.govern(namespace("app", null), List.of(invalid)).winner())
        .as("alone, the invalid baseline still governs (and applies nothing)")
        .containsSame(invalid);
  }

  @Test
  void nonSelectingBaselinesAreNeitherWinnerNorLoser() {
    SecurityBaseline high = selecting(Map.of("team", "b"));
    high.getSpec().priority = 100;
    high.getMetadata().setName("high-but-other-team");
    SecurityBaseline excludes = excluding("app");
    excludes.getSpec().priority = 50;
    excludes.getMetadata().setName("excludes-app");
    SecurityBaseline deleted = deleting(baseline("deleted", 90));
    SecurityBaseline low = baseline("low", 1);
    SecurityBaseline lower = baseline("lower", 0);

    Governance governance =
        selection.govern(
            namespace("app", Map.of("team", "a")), List.of(high, excludes, deleted, lower, low));

    assertThat(governance.winner()).containsSame(low);
    assertThat(governance.losers()).containsExactly(lower);
  }

  @Test
  void operatorNamespaceIsUngovernedEvenWhenEveryBaselineSelectsAll() {
    assertThat(
            selection.govern(
                namespace(OPERATOR_NS, null), List.of(excluding(), baseline("other", 9))))
        .isEqualTo(Governance.NONE);
  }

  @Test
  void namespaceBeingDeletedIsUngoverned() {
    assertThat(selection.govern(deleting(namespace("app", null)), List.of(baseline("b", 0))))
        .isEqualTo(Governance.NONE);
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }
}
