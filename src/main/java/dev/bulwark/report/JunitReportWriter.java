package dev.bulwark.report;

import dev.bulwark.policy.Finding;
import java.io.IOException;
import java.io.Writer;

/**
 * JUnit XML for CI dashboards: one testcase per object (failed when it has findings) and one
 * erroring testcase per unreadable document.
 */
public final class JunitReportWriter implements ReportWriter {

  @Override
  public void write(ScanReport report, Writer out) throws IOException {
    int tests = report.objects().size() + report.errors().size();
    out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.write(
        "<testsuites name=\"bulwark scan\" tests=\""
            + tests
            + "\" failures=\""
            + report.violating()
            + "\" errors=\""
            + report.errors().size()
            + "\">\n");
    out.write(
        "  <testsuite name=\""
            + escape("bulwark scan " + report.level().label() + ":" + report.version())
            + "\" tests=\""
            + tests
            + "\" failures=\""
            + report.violating()
            + "\" errors=\""
            + report.errors().size()
            + "\" skipped=\"0\">\n");
    for (ScannedObject object : report.objects()) {
      out.write(
          "    <testcase classname=\""
              + escape(object.source())
              + "\" name=\""
              + escape(object.displayName() + " (document " + object.document() + ")")
              + "\"");
      if (object.findings().isEmpty()) {
        out.write("/>\n");
        continue;
      }
      out.write(">\n      <failure type=\"policy\" message=\"");
      out.write(escape(object.findings().size() + " findings"));
      out.write("\">");
      StringBuilder body = new StringBuilder();
      for (Finding finding : object.findings()) {
        body.append('[')
            .append(finding.severity().label())
            .append("] ")
            .append(finding.check())
            .append(": ")
            .append(finding.message())
            .append(" at ")
            .append(finding.path())
            .append(" (fix: ")
            .append(finding.remediation())
            .append(")\n");
      }
      out.write(escape(body.toString()));
      out.write("</failure>\n    </testcase>\n");
    }
    for (InputError error : report.errors()) {
      out.write(
          "    <testcase classname=\""
              + escape(error.source())
              + "\" name=\""
              + escape("document " + error.document())
              + "\">\n      <error type=\"input\" message=\""
              + escape(error.describe())
              + "\"/>\n    </testcase>\n");
    }
    out.write("  </testsuite>\n</testsuites>\n");
    out.flush();
  }

  /** XML 1.0 text and attribute escaping; control characters XML cannot carry become '?'. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? '?' : c);
      }
    }
    return out.toString();
  }
}
