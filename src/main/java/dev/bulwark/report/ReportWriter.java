package dev.bulwark.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Renders a scan report in one output format. */
public interface ReportWriter {

  void write(ScanReport report, Writer out) throws IOException;

  /**
   * Renders as UTF-8 bytes; the same text as {@link #write(ScanReport, Writer)}. Flushes, never
   * closes {@code out}. Formats that can write bytes directly override this.
   */
  default void write(ScanReport report, OutputStream out) throws IOException {
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    write(report, writer);
    writer.flush();
  }
}
