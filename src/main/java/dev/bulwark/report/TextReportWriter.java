package dev.bulwark.report;

import dev.bulwark.admission.AdmissionPreview;
import dev.bulwark.policy.Finding;
import dev.bulwark.policy.Severity;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** A table for people: one block per violating object, one row per finding; colour optional. */
public final class TextReportWriter implements ReportWriter {

  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String DIM = "\u001b[2m";

  private final boolean colour;

  /**
   * @param colour ANSI colours, for a terminal only
   */
  public TextReportWriter(boolean colour) {
    this.colour = colour;
  }

  @Override
  public void write(ScanReport report, Writer out) throws IOException {
    for (InputError error : report.errors()) {
      out.write(paint("\u001b[31m", "error") + "  " + error.describe() + "\n");
    }
    int severityWidth = "SEVERITY".length();
    int checkWidth = "CHECK".length();
    for (ScannedObject object : report.objects()) {
      for (Finding finding : object.findings()) {
        checkWidth = Math.max(checkWidth, finding.check().length());
      }
    }
    for (ScannedObject object : report.objects()) {
      if (object.findings().isEmpty()) {
        continue;
      }
      out.write(
          "\n"
              + paint(BOLD, object.displayName())
              + "  "
              + paint(DIM, object.source() + ":" + object.line())
              + "\n");
      out.write(
          "  " + pad("SEVERITY", severityWidth) + "  " + pad("CHECK", checkWidth) + "  MESSAGE\n");
      for (Finding finding : object.findings()) {
        String severity = pad(finding.severity().label(), severityWidth);
        out.write(
            "  "
                + paint(colourOf(finding.severity()), severity)
                + "  "
                + pad(finding.check(), checkWidth)
                + "  "
                + finding.message()
                + "\n");
        out.write(
            "  "
                + " ".repeat(severityWidth + checkWidth + 4)
                + paint(DIM, "at " + finding.path() + "; fix: " + finding.remediation())
                + "\n");
      }
    }
    List<ScannedObject> refused =
        report.objects().stream().filter(o -> !o.admissionRefusals().isEmpty()).toList();
    if (!refused.isEmpty()) {
      out.write(
          "\n"
              + paint(BOLD, "Admission preview")
              + ": the baseline's generated ValidatingAdmissionPolicies refuse the pods of "
              + refused.size()
              + " object(s):\n");
      for (ScannedObject object : refused) {
        out.write(
            "  "
                + object.displayName()
                + "  "
                + paint(DIM, object.source() + ":" + object.line())
                + "  "
                + AdmissionPreview.checks(object.admissionRefusals())
                + "\n");
      }
    }
    out.write(
        "\n"
            + report.objects().size()
            + " objects scanned at "
            + report.level().label()
            + ":"
            + report.version()
            + ", "
            + report.violating()
            + " violating, "
            + report.findingCount()
            + " findings, "
            + report.errors().size()
            + " unreadable documents\n");
    out.flush();
  }

  private static String colourOf(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "\u001b[1;31m";
      case HIGH -> "\u001b[31m";
      case MEDIUM -> "\u001b[33m";
      case LOW -> "\u001b[36m";
    };
  }

  private String paint(String code, String text) {
    return colour ? code + text + RESET : text;
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
