package dev.bulwark.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.Finding;
import dev.bulwark.policy.Severity;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning tools: one rule per check (with help, severity and CIS control),
 * one result per finding, located at the file and the line where the object's document starts.
 */
public final class SarifReportWriter implements ReportWriter {

  /** Never closes the caller's writer (it may be standard output). */
  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  private static final String INFO_URI = "https://github.com/bulwark-dev/bulwark";

  private final String toolVersion;

  public SarifReportWriter(String toolVersion) {
    this.toolVersion = toolVersion;
  }

  @Override
  public void write(ScanReport report, Writer out) throws IOException {
    List<CheckInfo> rules = RuleCatalog.all();
    Map<String, Integer> ruleIndex = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      ruleIndex.put(rules.get(i).id(), i);
    }
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeStringField("$schema", SCHEMA);
      json.writeStringField("version", "2.1.0");
      json.writeArrayFieldStart("runs");
      json.writeStartObject();
      writeTool(json, rules);
      json.writeArrayFieldStart("results");
      for (ScannedObject object : report.objects()) {
        for (Finding finding : object.findings()) {
          writeResult(json, object, finding, ruleIndex.getOrDefault(finding.check(), -1));
        }
      }
      json.writeEndArray();
      writeInvocation(json, report);
      json.writeObjectFieldStart("properties");
      json.writeStringField("podSecurityLevel", report.level().label());
      json.writeStringField("podSecurityVersion", report.version().toString());
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  private void writeTool(JsonGenerator json, List<CheckInfo> rules) throws IOException {
    json.writeObjectFieldStart("tool");
    json.writeObjectFieldStart("driver");
    json.writeStringField("name", "bulwark");
    json.writeStringField("informationUri", INFO_URI);
    json.writeStringField("version", toolVersion);
    json.writeArrayFieldStart("rules");
    for (CheckInfo rule : rules) {
      json.writeStartObject();
      json.writeStringField("id", rule.id());
      json.writeStringField("name", rule.id());
      json.writeObjectFieldStart("shortDescription");
      json.writeStringField("text", rule.title());
      json.writeEndObject();
      json.writeObjectFieldStart("help");
      json.writeStringField("text", rule.remediation());
      json.writeEndObject();
      json.writeObjectFieldStart("defaultConfiguration");
      json.writeStringField("level", sarifLevel(rule.severity()));
      json.writeEndObject();
      json.writeObjectFieldStart("properties");
      json.writeArrayFieldStart("tags");
      json.writeString("security");
      json.writeString("kubernetes");
      json.writeString(rule.standard().label());
      json.writeEndArray();
      json.writeStringField("security-severity", securitySeverity(rule.severity()));
      json.writeStringField("severity", rule.severity().label());
      json.writeStringField("standard", rule.standard().label());
      if (rule.level() != null) {
        json.writeStringField("podSecurityLevel", rule.level().label());
      }
      if (rule.cisControl() != null) {
        json.writeStringField("cisKubernetesBenchmark", rule.cisControl());
      }
      json.writeEndObject();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void writeResult(
      JsonGenerator json, ScannedObject object, Finding finding, int ruleIndex) throws IOException {
    json.writeStartObject();
    json.writeStringField("ruleId", finding.check());
    if (ruleIndex >= 0) {
      json.writeNumberField("ruleIndex", ruleIndex);
    }
    json.writeStringField("level", sarifLevel(finding.severity()));
    json.writeObjectFieldStart("message");
    json.writeStringField("text", object.displayName() + ": " + finding.message());
    json.writeEndObject();
    json.writeArrayFieldStart("locations");
    json.writeStartObject();
    json.writeObjectFieldStart("physicalLocation");
    json.writeObjectFieldStart("artifactLocation");
    json.writeStringField("uri", uri(object.source()));
    json.writeEndObject();
    json.writeObjectFieldStart("region");
    json.writeNumberField("startLine", Math.max(1, object.line()));
    json.writeEndObject();
    json.writeEndObject();
    json.writeArrayFieldStart("logicalLocations");
    json.writeStartObject();
    json.writeStringField("fullyQualifiedName", object.displayName() + "/" + finding.path());
    json.writeStringField("kind", "object");
    json.writeEndObject();
    json.writeEndArray();
    json.writeEndObject();
    json.writeEndArray();
    json.writeObjectFieldStart("properties");
    json.writeStringField("path", finding.path());
    json.writeStringField("remediation", finding.remediation());
    json.writeNumberField("document", object.document());
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void writeInvocation(JsonGenerator json, ScanReport report) throws IOException {
    json.writeArrayFieldStart("invocations");
    json.writeStartObject();
    json.writeBooleanField("executionSuccessful", report.errors().isEmpty());
    json.writeArrayFieldStart("toolExecutionNotifications");
    for (InputError error : report.errors()) {
      json.writeStartObject();
      json.writeStringField("level", "error");
      json.writeObjectFieldStart("message");
      json.writeStringField("text", error.describe());
      json.writeEndObject();
      json.writeArrayFieldStart("locations");
      json.writeStartObject();
      json.writeObjectFieldStart("physicalLocation");
      json.writeObjectFieldStart("artifactLocation");
      json.writeStringField("uri", uri(error.source()));
      json.writeEndObject();
      json.writeObjectFieldStart("region");
      json.writeNumberField("startLine", Math.max(1, error.line()));
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
    json.writeEndArray();
  }

  /** A relative URI reference for a path as given; standard input becomes {@code stdin}. */
  static String uri(String source) {
    if ("-".equals(source)) {
      return "stdin";
    }
    StringBuilder out = new StringBuilder();
    for (char c : source.replace('\\', '/').toCharArray()) {
      if (Character.isLetterOrDigit(c) && c < 128 || "/-._~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
          out.append('%').append(String.format("%02X", b & 0xff));
        }
      }
    }
    return out.toString();
  }

  private static String sarifLevel(Severity severity) {
    return switch (severity) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW -> "note";
    };
  }

  /** GitHub code scanning reads this 0.0-10.0 score to rank security results. */
  private static String securitySeverity(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
    };
  }
}
