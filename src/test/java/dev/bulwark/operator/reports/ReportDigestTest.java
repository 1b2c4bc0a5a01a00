package dev.bulwark.operator.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.report.OpenReport;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportDigestTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode tree(String json) throws Exception {
    return JSON.readTree(json);
  }

  @Test
  void theOrderOfObjectFieldsDoesNotCount() throws Exception {
    // The API server writes a custom resource's maps with sorted keys; the builder in its own
    // order.
    JsonNode built =
        tree("{\"summary\":{\"pass\":0,\"fail\":2},\"results\":[{\"b\":1,\"a\":\"x\"}]}");
    JsonNode readBack =
        tree("{\"results\":[{\"a\":\"x\",\"b\":1}],\"summary\":{\"fail\":2,\"pass\":0}}");

    assertThat(built).isEqualTo(readBack);
    assertThat(ReportDigest.of(built)).isEqualTo(ReportDigest.of(readBack));
  }

  @Test
  void anyChangeOfContentChangesTheDigest() throws Exception {
    ReportDigest original = ReportDigest.of(tree("{\"results\":[{\"a\":\"x\"},{\"a\":\"y\"}]}"));

    assertThat(ReportDigest.of(tree("{\"results\":[]}"))).isNotEqualTo(original);
    assertThat(ReportDigest.of(tree("{\"results\":[{\"a\":\"y\"},{\"a\":\"x\"}]}")))
        .isNotEqualTo(original);
    assertThat(ReportDigest.of(tree("{\"results\":[{\"a\":\"x\"},{\"a\":\"z\"}]}")))
        .isNotEqualTo(original);
    assertThat(ReportDigest.of(tree("{\"results\":[{\"a\":\"x\"},{\"b\":\"y\"}]}")))
        .isNotEqualTo(original);
    // Strings and numbers, and a value split across two fields, are told apart.
    assertThat(ReportDigest.of(tree("{\"a\":\"1\"}")))
        .isNotEqualTo(ReportDigest.of(tree("{\"a\":1}")));
    assertThat(ReportDigest.of(tree("{\"ab\":\"c\"}")))
        .isNotEqualTo(ReportDigest.of(tree("{\"a\":\"bc\"}")));
    assertThat(ReportDigest.of(tree("{\"a\":null}"))).isNotEqualTo(ReportDigest.of(tree("{}")));
  }

  @Test
  void aReportReadBackHasTheDigestOfTheOneWritten() throws Exception {
    GenericKubernetesResource written = new GenericKubernetesResource();
    written.setApiVersion(OpenReport.API_VERSION);
    written.setKind("Report");
    written.setMetadata(
        new ObjectMetaBuilder()
            .withName(OpenReport.NAME)
            .withNamespace("shop")
            .withLabels(Map.of(OpenReport.MANAGED_BY_LABEL, OpenReport.SOURCE))
            .build());
    written.setAdditionalProperty("source", "bulwark");
    written.setAdditionalProperty("summary", Map.of("fail", 1, "pass", 0));
    written.setAdditionalProperty(
        "results", List.of(Map.of("policy", "restricted", "result", "fail", "scored", true)));
    // As the API server returns it: other metadata, keys sorted.
    GenericKubernetesResource readBack =
        JSON.readValue(
            "{\"apiVersion\":\"openreports.io/v1alpha1\",\"kind\":\"Report\","
                + "\"metadata\":{\"name\":\"bulwark\",\"namespace\":\"shop\","
                + "\"resourceVersion\":\"42\",\"uid\":\"u-1\","
                + "\"labels\":{\"app.kubernetes.io/managed-by\":\"bulwark\"}},"
                + "\"results\":[{\"policy\":\"restricted\",\"result\":\"fail\",\"scored\":true}],"
                + "\"source\":\"bulwark\",\"summary\":{\"fail\":1,\"pass\":0}}",
            GenericKubernetesResource.class);

    assertThat(ReportDigest.of(OpenReportsPublisher.content(readBack)))
        .isEqualTo(ReportDigest.of(OpenReportsPublisher.content(written)));
  }

  @Test
  void theReportInformerStoreKeepsOnlyIdentityAndVersion() {
    GenericKubernetesResource report = new GenericKubernetesResource();
    report.setApiVersion(OpenReport.API_VERSION);
    report.setKind("Report");
    report.setMetadata(
        new ObjectMetaBuilder()
            .withName(OpenReport.NAME)
            .withNamespace("shop")
            .withUid("u-1")
            .withResourceVersion("42")
            .withLabels(Map.of(OpenReport.MANAGED_BY_LABEL, OpenReport.SOURCE))
            .build());
    report.setAdditionalProperty("results", List.of(Map.of("policy", "restricted")));

    GenericKubernetesResource slim = OpenReportsInformer.metadataOnly(report);

    assertThat(slim.getAdditionalProperties()).isEmpty();
    assertThat(slim.getMetadata().getName()).isEqualTo(OpenReport.NAME);
    assertThat(slim.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(slim.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(slim.getMetadata().getUid()).isEqualTo("u-1");
    assertThat(report.getAdditionalProperties()).containsKey("results");
  }
}
