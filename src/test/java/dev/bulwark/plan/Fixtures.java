package dev.bulwark.plan;

import dev.bulwark.api.ExceptionSpec;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Small builders for the API objects the plan tests feed in, so each table row stays one line. */
final class Fixtures {

  private Fixtures() {}

  static SecurityBaseline baseline(String name, SecurityBaselineSpec spec) {
    SecurityBaseline baseline = new SecurityBaseline();
    baseline.setMetadata(new ObjectMetaBuilder().withName(name).build());
    baseline.setSpec(spec);
    return baseline;
  }

  static SecurityBaseline baseline(String name, int priority) {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.priority = priority;
    return baseline(name, spec);
  }

  static Namespace namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  static LabelSelector matchLabels(Map<String, String> labels) {
    return new LabelSelector(null, labels);
  }

  static LabelSelector expressions(LabelSelectorRequirement... requirements) {
    return new LabelSelector(new ArrayList<>(Arrays.asList(requirements)), null);
  }

  static LabelSelectorRequirement req(String key, String operator, String... values) {
    return new LabelSelectorRequirement(
        key, operator, values.length == 0 ? null : new ArrayList<>(List.of(values)));
  }

  static ExceptionSpec exception(List<String> checks, String reason, String expires) {
    ExceptionSpec exception = new ExceptionSpec();
    exception.checks = new ArrayList<>(checks);
    exception.reason = reason;
    exception.expires = expires;
    return exception;
  }
}
