package dev.bulwark.cli;

import dev.bulwark.admission.AdmissionPreview;
import dev.bulwark.api.SecurityBaselineSpec;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.AuditConfig;
import dev.bulwark.plan.ImpossibleExceptions;
import dev.bulwark.policy.EngineConfig;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PolicyVersion;
import dev.bulwark.policy.hardening.HardeningCheckIds;
import dev.bulwark.report.ReportFormat;
import dev.bulwark.report.ScanReport;
import dev.bulwark.scan.ManifestScan;
import dev.bulwark.scan.ManifestSources;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark scan}: the policy engine over manifests on disk or piped in, offline. */
@Command(
    name = "scan",
    description = {
      "Check Kubernetes manifests against the Pod Security Standards and Bulwark's hardening"
          + " checks.",
      "Exit status: 0 nothing found, 1 findings, 2 usage or input errors."
    })
public final class ScanCommand implements Callable<Integer> {

  /** Exit status when no finding was made. */
  public static final int CLEAN = 0;

  /** Exit status when there are findings. */
  public static final int FINDINGS = 1;

  /** Exit status for usage errors and unreadable input. */
  public static final int INPUT_ERROR = 2;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "Files, directories (recursive *.yaml, *.yml, *.json) or - for stdin.")
  private List<String> paths = new ArrayList<>();

  @Option(
      names = "--level",
      defaultValue = "restricted",
      converter = LevelConverter.class,
      description = "privileged | baseline | restricted (default: ${DEFAULT-VALUE}).")
  private Level level;

  @Option(
      names = "--version",
      defaultValue = "latest",
      converter = VersionConverter.class,
      description = "Pod Security Standards version: latest | v1.N (default: ${DEFAULT-VALUE}).")
  private PolicyVersion version;

  @Option(
      names = "--format",
      defaultValue = "text",
      converter = FormatConverter.class,
      description = "text | json | sarif | junit (default: ${DEFAULT-VALUE}).")
  private ReportFormat format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the report to FILE instead of standard output.")
  private Path output;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description =
          "Use a SecurityBaseline manifest's level, version, checks and exceptions in force now"
              + " instead of --level, --version, --bulwark-checks and --allowed-registry, and"
              + " preview which objects' pods its generated ValidatingAdmissionPolicies would"
              + " refuse (with the exceptions as admission applies them, and those expiring"
              + " later marked 'from TIME'), as the operator names them in"
              + " status.admissionPreview before they deny.")
  private Path baseline;

  @Option(
      names = "--bulwark-checks",
      paramLabel = "IDS",
      defaultValue = "default",
      description =
          "Bulwark's own checks: default (all but allowedRegistries), all, none, or a"
              + " comma-separated list of ids.")
  private String bulwarkChecks;

  @Option(
      names = "--allowed-registry",
      paramLabel = "REGISTRY",
      description =
          "Registry (or registry/path prefix) images may come from; repeatable. Enables the"
              + " allowedRegistries check.")
  private List<String> allowedRegistries = new ArrayList<>();

  private final InputStream stdin;

  public ScanCommand() {
    this(System.in);
  }

  /** For tests: read standard input from {@code stdin}. */
  public ScanCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ManifestScan scan;
    List<String> sources;
    try {
      scan = baseline != null ? baselineScan() : new ManifestScan(flagConfig());
      sources = ManifestSources.expand(paths);
    } catch (IllegalArgumentException | IOException e) {
      err.println("bulwark scan: " + e.getMessage());
      return INPUT_ERROR;
    }
    boolean progress = Terminal.isTerminal(Terminal.STDERR);
    ScanReport report = scan.run(sources, stdin, progressOn(err, progress));
    if (progress) {
      err.print("\r\u001b[K");
      err.flush();
    }
    try {
      write(report);
    } catch (IOException e) {
      err.println("bulwark scan: cannot write " + output + ": " + e.getMessage());
      return INPUT_ERROR;
    }
    if (format != ReportFormat.TEXT || output != null) {
      report.errors().forEach(e -> err.println("bulwark scan: " + e.describe()));
    }
    if (!report.errors().isEmpty()) {
      return INPUT_ERROR;
    }
    return report.findingCount() > 0 ? FINDINGS : CLEAN;
  }

  private EngineConfig flagConfig() {
    return EngineConfig.defaults()
        .withLevel(level)
        .withVersion(version)
        .withBulwarkChecks(parseChecks(bulwarkChecks))
        .withAllowedRegistries(allowedRegistries);
  }

  /**
   * The scan under the baseline's level, version, checks and exceptions in force now, as the
   * operator uses them, with the admission preview of its generated policies.
   */
  private ManifestScan baselineScan() {
    for (String flag : List.of("--level", "--version", "--bulwark-checks", "--allowed-registry")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
        throw new IllegalArgumentException(
            flag + " cannot be combined with --baseline: the baseline sets it");
      }
    }
    SecurityBaselineSpec rules = BaselineFile.load(baseline).getSpec();
    PrintWriter err = spec.commandLine().getErr();
    ImpossibleExceptions.warnings(rules)
        .forEach(w -> err.println("bulwark scan: warning: " + baseline + ": " + w));
    // Exceptions the namespace labels make impossible are not applied, as in the operator.
    ActiveExceptions exceptions =
        ActiveExceptions.at(rules.exceptions, Instant.now())
            .without(ImpossibleExceptions.checks(rules));
    return new ManifestScan(
        AuditConfig.from(rules, exceptions), AdmissionPreview.of(rules), exceptions);
  }

  private void write(ScanReport report) throws IOException {
    String toolVersion = BuildVersion.version();
    if (output != null) {
      try (OutputStream out = Files.newOutputStream(output)) {
        format.writer(false, toolVersion).write(report, out);
      }
      return;
    }
    Writer out = spec.commandLine().getOut();
    boolean colour = format == ReportFormat.TEXT && Terminal.isTerminal(Terminal.STDOUT);
    format.writer(colour, toolVersion).write(report, out);
  }

  private static IntConsumer progressOn(PrintWriter err, boolean enabled) {
    if (!enabled) {
      return done -> {};
    }
    return done -> {
      if (done % 250 == 0) {
        synchronized (err) {
          err.print("\rbulwark scan: " + done + " documents");
          err.flush();
        }
      }
    };
  }

  static Set<String> parseChecks(String value) {
    return switch (value) {
      case "default" -> EngineConfig.defaults().bulwarkChecks();
      case "all" -> Set.copyOf(HardeningCheckIds.ALL);
      case "none" -> Set.of();
      default -> {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : value.split(",")) {
          if (!id.isBlank()) {
            ids.add(id.strip());
          }
        }
        yield ids;
      }
    };
  }

  /** Parses --level. */
  static final class LevelConverter implements CommandLine.ITypeConverter<Level> {
    @Override
    public Level convert(String value) {
      try {
        return Level.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Parses --version. */
  static final class VersionConverter implements CommandLine.ITypeConverter<PolicyVersion> {
    @Override
    public PolicyVersion convert(String value) {
      try {
        return PolicyVersion.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Parses --format. */
  static final class FormatConverter implements CommandLine.ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      for (ReportFormat format : ReportFormat.values()) {
        if (format.toString().equals(value)) {
          return format;
        }
      }
      throw new CommandLine.TypeConversionException(
          "format must be one of text, json, sarif, junit (got \"" + value + "\")");
    }
  }
}
