package dev.bulwark.policy.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorImplicationTest {

  private static LabelSelector selector(String yaml) {
    // A key first, so the text is read as YAML (flow mappings are not JSON).
    return yaml.equals("null")
        ? null
        : Serialization.unmarshal("selector: " + yaml, Holder.class).selector;
  }

  /** Wraps a selector for reading. */
  static final class Holder {
    public LabelSelector selector;
  }

  @ParameterizedTest(name = "{0} within {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{} | {} | true",
        "null | {} | true",
        "null | {matchLabels: {a: b}} | false",
        "{} | {matchLabels: {a: b}} | false",
        "{matchLabels: {a: b, c: d}} | {matchLabels: {a: b}} | true",
        "{matchLabels: {a: x}} | {matchLabels: {a: b}} | false",
        "{matchExpressions: [{key: a, operator: In, values: [b]}]} | {matchLabels: {a: b}} | false",
        "{matchExpressions: [{key: a, operator: In, values: [x]}]}"
            + " | {matchExpressions: [{key: a, operator: In, values: [x, y]}]} | true",
        "{matchExpressions: [{key: a, operator: In, values: [x, z]}]}"
            + " | {matchExpressions: [{key: a, operator: In, values: [x, y]}]} | false",
        "{matchLabels: {a: y}} | {matchExpressions: [{key: a, operator: In, values: [x, y]}]}"
            + " | true",
        "{matchExpressions: [{key: a, operator: NotIn, values: [x, y, z]}]}"
            + " | {matchExpressions: [{key: a, operator: NotIn, values: [x, y]}]} | true",
        "{matchExpressions: [{key: a, operator: NotIn, values: [x]}]}"
            + " | {matchExpressions: [{key: a, operator: NotIn, values: [x, y]}]} | false",
        "{matchLabels: {a: q}} | {matchExpressions: [{key: a, operator: NotIn, values: [x]}]}"
            + " | true",
        "{matchLabels: {a: q}} | {matchExpressions: [{key: a, operator: Exists}]} | true",
        "{matchExpressions: [{key: a, operator: In, values: [q]}]}"
            + " | {matchExpressions: [{key: a, operator: Exists}]} | true",
        "{matchExpressions: [{key: a, operator: NotIn, values: [q]}]}"
            + " | {matchExpressions: [{key: a, operator: Exists}]} | false",
        "{matchExpressions: [{key: a, operator: DoesNotExist}]}"
            + " | {matchExpressions: [{key: a, operator: DoesNotExist}]} | true",
        "{matchExpressions: [{key: b, operator: DoesNotExist}]}"
            + " | {matchExpressions: [{key: a, operator: DoesNotExist}]} | false",
      })
  void implies(String narrow, String wide, boolean expected) {
    assertThat(SelectorImplication.implies(selector(narrow), selector(wide))).isEqualTo(expected);
  }
}
