package dev.bulwark.report;

import java.io.IOException;
import java.io.Writer;

/** Renders a scan report in one output format. */
public interface ReportWriter {

  void write(ScanReport report, Writer out) throws IOException;
}
