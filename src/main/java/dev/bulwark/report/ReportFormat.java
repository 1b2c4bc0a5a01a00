package dev.bulwark.report;

import java.util.Locale;

/** The output formats of {@code bulwark scan}. */
public enum ReportFormat {
  TEXT,
  JSON,
  SARIF,
  JUNIT;

  /** The writer for this format; colour applies to text only. */
  public ReportWriter writer(boolean colour, String toolVersion) {
    return switch (this) {
      case TEXT -> new TextReportWriter(colour);
      case JSON -> new JsonReportWriter();
      case SARIF -> new SarifReportWriter(toolVersion);
      case JUNIT -> new JunitReportWriter();
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
