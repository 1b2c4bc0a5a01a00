package dev.bulwark.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.policy.Finding;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PolicyVersion;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every format leaves the caller's writer open: it may be standard output. */
class ReportWritersTest {

  /** A writer that fails once closed, as a file or System.out would. */
  static final class StrictWriter extends StringWriter {
    boolean closed;

    @Override
    public void write(int c) {
      check();
      super.write(c);
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
      check();
      super.write(buffer, offset, length);
    }

    @Override
    public void write(String text, int offset, int length) {
      check();
      super.write(text, offset, length);
    }

    @Override
    public void close() {
      closed = true;
    }

    private void check() {
      if (closed) {
        throw new IllegalStateException("Stream closed");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ReportFormat.class)
  void writesCompletelyAndLeavesTheWriterOpen(ReportFormat format) throws IOException {
    ScanReport report =
        new ScanReport(
            Level.RESTRICTED,
            PolicyVersion.LATEST,
            List.of(new ScannedObject("a.yaml", 0, 1, "v1", "Pod", "ns", "p", List.of())),
            List.of(new InputError("b.yaml", 0, 3, "broken")));
    StrictWriter out = new StrictWriter();

    format.writer(false, "test").write(report, out);

    assertThat(out.closed).isFalse();
    assertThat(out.toString()).endsWith("\n").contains("b.yaml");
  }

  /** A stream that fails once closed. */
  static final class StrictStream extends java.io.ByteArrayOutputStream {
    boolean closed;

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      if (closed) {
        throw new IllegalStateException("Stream closed");
      }
      super.write(bytes, offset, length);
    }

    @Override
    public synchronized void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @ParameterizedTest
  @EnumSource(ReportFormat.class)
  void writesTheSameUtf8ToAStreamAsToAWriter(ReportFormat format) throws IOException {
    Finding finding =
        new Finding(
            "privileged",
            Standard.PSS,
            Level.BASELINE,
            Severity.HIGH,
            "container \"app\" é ✓ \t tab",
            "spec.containers[0].securityContext.privileged",
            "Set privileged: false.");
    ScanReport report =
        new ScanReport(
            Level.RESTRICTED,
            PolicyVersion.LATEST,
            List.of(new ScannedObject("a.yaml", 0, 1, "v1", "Pod", "ns", "p", List.of(finding))),
            List.of(new InputError("b.yaml", 0, 3, "broken")));
    StringWriter chars = new StringWriter();
    StrictStream bytes = new StrictStream();

    format.writer(false, "test").write(report, chars);
    format.writer(false, "test").write(report, bytes);

    assertThat(bytes.closed).isFalse();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(chars.toString());
  }
}
