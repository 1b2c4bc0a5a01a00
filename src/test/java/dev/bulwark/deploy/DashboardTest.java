package dev.bulwark.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.operator.observe.MetricNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the alert rules the chart ships: the dashboard is valid JSON whose
 * every panel has a query, and every Bulwark metric a query or rule names is one the operator
 * exports ({@link MetricNames}). (ObservabilityIT compares them with what /metrics really serves,
 * java-operator-sdk's and the JVM's metrics included.)
 */
class DashboardTest {

  private static final Path FILES = Path.of("deploy/helm/bulwark/files");
  private static final Pattern METRIC =
      Pattern.compile("\\b((?:bulwark|operator_sdk|jvm|process|system)_[a-zA-Z0-9_]+)\\b");

  @Test
  void dashboardIsValidJsonAndEveryPanelQueriesExportedMetrics() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(FILES.resolve("dashboard.json").toFile());
    assertThat(dashboard.path("title").asText()).isEqualTo("Bulwark");
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    JsonNode panels = dashboard.path("panels");
    assertThat(panels.isArray()).isTrue();
    assertThat(panels.size()).isGreaterThanOrEqualTo(8);
    Set<String> used = new TreeSet<>();
    for (JsonNode panel : panels) {
      List<String> exprs = new ArrayList<>();
      panel.path("targets").forEach(target -> exprs.add(target.path("expr").asText()));
      assertThat(exprs).as(panel.path("title").asText()).isNotEmpty().allMatch(e -> !e.isBlank());
      for (String expr : exprs) {
        Set<String> names = names(expr);
        assertThat(names).as(expr).isNotEmpty();
        used.addAll(names);
      }
    }
    assertExported(used);
    // The dashboard shows what the issue asks: compliance, violations, drift, unseals, key ages
    // and reconcile latency.
    assertThat(used)
        .contains(
            MetricNames.NAMESPACES_COMPLIANT,
            MetricNames.VIOLATIONS,
            MetricNames.DRIFT_REPAIRS,
            MetricNames.DRIFT_REPAIRED_OBJECTS,
            MetricNames.UNSEAL_RESULTS,
            MetricNames.SEALING_KEY_AGE)
        .anyMatch(n -> n.startsWith("operator_sdk_controllers_execution_reconcile"));
  }

  @Test
  void alertRulesNameOnlyExportedMetrics() throws Exception {
    JsonNode rules =
        new ObjectMapper(new YAMLFactory()).readTree(FILES.resolve("alerts.yaml").toFile());
    Set<String> used = new TreeSet<>();
    rules.findValues("expr").forEach(expr -> used.addAll(names(expr.asText())));
    assertThat(used).isNotEmpty();
    assertExported(used);
  }

  private static void assertExported(Set<String> used) {
    for (String name : used) {
      if (name.startsWith("bulwark_")) {
        assertThat(MetricNames.ALL).as("Bulwark exports " + name).contains(name);
      } else {
        // java-operator-sdk's and Micrometer's JVM binders' names; ObservabilityIT checks them
        // against what /metrics serves.
        assertThat(name).matches("(operator_sdk|jvm)_[a-z_]+");
      }
    }
  }

  private static Set<String> names(String promql) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(promql);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
