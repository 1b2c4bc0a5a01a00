package dev.bulwark.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.bulwark.admission.PreviewedRefusal;
import dev.bulwark.policy.Finding;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * The stable JSON format documented in docs/scan.md; keys are written in a fixed order so output
 * diffs cleanly.
 */
public final class JsonReportWriter implements ReportWriter {

  /** Never closes the caller's writer (it may be standard output). */
  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  @Override
  public void write(ScanReport report, Writer out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      write(report, json);
    }
    out.write('\n');
    out.flush();
  }

  /**
   * Writes UTF-8 directly: for a large report about twice as fast as through a {@link Writer},
   * which turns every string into chars and back into bytes.
   */
  @Override
  public void write(ScanReport report, OutputStream out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      write(report, json);
    }
    out.write('\n');
    out.flush();
  }

  private static void write(ScanReport report, JsonGenerator json) throws IOException {
    json.useDefaultPrettyPrinter();
    json.writeStartObject();
    json.writeStringField("level", report.level().label());
    json.writeStringField("version", report.version().toString());
    json.writeArrayFieldStart("objects");
    for (ScannedObject object : report.objects()) {
      writeObject(json, object);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("errors");
    for (InputError error : report.errors()) {
      json.writeStartObject();
      json.writeStringField("source", error.source());
      json.writeNumberField("document", error.document());
      json.writeNumberField("line", error.line());
      json.writeStringField("message", error.message());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeObjectFieldStart("summary");
    json.writeNumberField("objects", report.objects().size());
    json.writeNumberField("violating", report.violating());
    json.writeNumberField("findings", report.findingCount());
    json.writeNumberField("errors", report.errors().size());
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void writeObject(JsonGenerator json, ScannedObject object) throws IOException {
    json.writeStartObject();
    json.writeStringField("source", object.source());
    json.writeNumberField("document", object.document());
    json.writeStringField("apiVersion", object.apiVersion());
    json.writeStringField("kind", object.kind());
    json.writeStringField("namespace", object.namespace());
    json.writeStringField("name", object.name());
    json.writeArrayFieldStart("findings");
    for (Finding finding : object.findings()) {
      json.writeStartObject();
      json.writeStringField("check", finding.check());
      json.writeStringField("standard", finding.standard().label());
      json.writeStringField("level", finding.level() == null ? null : finding.level().label());
      json.writeStringField("severity", finding.severity().label());
      json.writeStringField("message", finding.message());
      json.writeStringField("path", finding.path());
      json.writeStringField("remediation", finding.remediation());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("admissionRefusals");
    for (PreviewedRefusal refusal : object.admissionRefusals()) {
      json.writeStartObject();
      json.writeStringField("check", refusal.check());
      json.writeStringField("from", refusal.from() == null ? null : refusal.from().toString());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }
}
