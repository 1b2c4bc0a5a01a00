package dev.bulwark.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The kustomize monitoring component (operator/monitoring/) carries copies of the chart's alert
 * rules and dashboard, which promtool and DashboardTest check; this fails when a copy is stale.
 */
class MonitoringCopiesUpToDateTest {

  private static final Path CHART_FILES = Path.of("deploy/helm/bulwark/files");
  private static final Path COMPONENT = Path.of("operator/monitoring");
  private static final String FIX = "run scripts/sync-monitoring.sh and commit the copies";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void prometheusRuleHoldsTheChartsAlertRules() throws IOException {
    JsonNode rules = YAML.readTree(CHART_FILES.resolve("alerts.yaml").toFile());
    JsonNode rule = YAML.readTree(COMPONENT.resolve("prometheusrule.yaml").toFile());
    assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
    assertThat(rule.path("spec").path("groups")).as(FIX).isEqualTo(rules.path("groups"));
  }

  @Test
  void dashboardIsTheChartsDashboard() throws IOException {
    assertThat(Files.readString(COMPONENT.resolve("dashboard.json")))
        .as(FIX)
        .isEqualTo(Files.readString(CHART_FILES.resolve("dashboard.json")));
  }
}
