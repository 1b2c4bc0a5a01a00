package dev.bulwark.scan;

import dev.bulwark.admission.AdmissionPreview;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.policy.EngineConfig;
import dev.bulwark.policy.FindingExceptions;
import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.report.InputError;
import dev.bulwark.report.ScanReport;
import dev.bulwark.report.ScannedObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Scans sources into a report: reads and splits every source, then parses and evaluates the
 * documents in parallel, keeping input order in the result.
 */
public final class ManifestScan {

  private final EngineConfig config;
  private final WorkloadScanner scanner;

  public ManifestScan(EngineConfig config) {
    this.config = config;
    this.scanner = new WorkloadScanner(new PolicyEngine(config));
  }

  /**
   * A scan that also previews which objects' pods a baseline's generated admission policies refuse
   * ({@code preview}, under the baseline's {@code active} exceptions), from the same findings.
   */
  public ManifestScan(EngineConfig config, AdmissionPreview preview, ActiveExceptions active) {
    this.config = config;
    this.scanner =
        new WorkloadScanner(
            new PolicyEngine(config.withExceptions(FindingExceptions.NONE)),
            config.exceptions(),
            preview,
            active);
  }

  /**
   * @param sources paths from {@link ManifestSources#expand}, {@code -} for {@code stdin}
   * @param stdin standard input
   * @param progress told the number of documents done so far, from any thread; may be a no-op
   */
  public ScanReport run(List<String> sources, InputStream stdin, IntConsumer progress) {
    // Sources are read and cut in parallel too: in a repository of small files the cost per file
    // (open, read, decode) is a good part of the scan.
    List<ManifestSplitter.Split> splits =
        sources.parallelStream().map(source -> readAndSplit(source, stdin)).toList();
    List<ManifestDocument> documents = new ArrayList<>();
    List<InputError> readErrors = new ArrayList<>();
    for (ManifestSplitter.Split split : splits) {
      documents.addAll(split.documents());
      readErrors.addAll(split.errors());
    }
    AtomicInteger done = new AtomicInteger();
    List<WorkloadScanner.Result> results =
        documents.parallelStream()
            .map(
                document -> {
                  WorkloadScanner.Result result = scanner.scan(document);
                  progress.accept(done.incrementAndGet());
                  return result;
                })
            .toList();
    List<ScannedObject> objects = new ArrayList<>();
    List<InputError> errors = new ArrayList<>(readErrors);
    for (WorkloadScanner.Result result : results) {
      objects.addAll(result.objects());
      errors.addAll(result.errors());
    }
    return new ScanReport(config.level(), config.version(), objects, errors);
  }

  private static ManifestSplitter.Split readAndSplit(String source, InputStream stdin) {
    try {
      return ManifestSplitter.split(source, read(source, stdin));
    } catch (IOException e) {
      return new ManifestSplitter.Split(
          List.of(), List.of(new InputError(source, -1, 0, "cannot read: " + e.getMessage())));
    }
  }

  private static String read(String source, InputStream stdin) throws IOException {
    if (ManifestSources.STDIN.equals(source)) {
      return ManifestText.decode(stdin.readAllBytes());
    }
    return ManifestText.decode(Files.readAllBytes(Path.of(source)));
  }
}
