package dev.bulwark.cli;

import dev.bulwark.status.ComplianceStatus;
import dev.bulwark.status.ComplianceStatusReader;
import dev.bulwark.status.StatusException;
import dev.bulwark.status.StatusTable;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code bulwark status}: the compliance table of a live cluster, with an exit code for CI. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Print the compliance of a live cluster as the operator last reported it: each selected"
          + " SecurityBaseline (all, or those named or matching -l), the namespaces it governs"
          + " (Pod Security level, NetworkPolicies, quota, violations) and, with --cis, the"
          + " violations by CIS Kubernetes Benchmark section 5 control. Read-only."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every selected baseline is compliant (Compliant=True for its current generation, applied"
          + " in every namespace it selects)",
      "1:the status could not be read (cluster unreachable, baseline not found, no CRDs)",
      "2:wrong usage (unknown option or format)",
      "3:a selected baseline is not compliant, its spec is invalid (Compliant=Unknown, reason"
          + " InvalidSpec), or its compliance is unknown",
      "4:no baseline fails, but some selected baseline is still progressing: a namespace it"
          + " selects has not applied its current generation yet (or it has no status yet); ask"
          + " again"
    })
public final class StatusCommand implements Callable<Integer> {

  /** Exit code when a selected baseline is not compliant, invalid or of unknown compliance. */
  static final int NOT_COMPLIANT = 3;

  /** Exit code while a selected baseline progresses and none fails. */
  static final int PROGRESSING = 4;

  @Spec CommandSpec spec;

  @Mixin ClusterOptions cluster;

  @Mixin CommandFailure failure;

  @Parameters(
      paramLabel = "BASELINE",
      arity = "0..*",
      description = "baselines to show (default: all, or those matching --selector)")
  List<String> names = new ArrayList<>();

  @Option(
      names = {"-l", "--selector"},
      paramLabel = "SELECTOR",
      description = "label selector for the baselines to show, e.g. env=prod (as kubectl -l)")
  String selector;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      converter = Format.Converter.class,
      description = "table (default), json or yaml")
  Format format;

  @Option(names = "--cis", description = "also summarise violations by CIS control")
  boolean cis;

  /** {@code -o table|json|yaml}. */
  enum Format {
    TABLE,
    JSON,
    YAML;

    /** Case-insensitive parsing with an error that lists the choices (a usage error, exit 2). */
    static final class Converter implements ITypeConverter<Format> {
      @Override
      public Format convert(String value) {
        try {
          return Format.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new TypeConversionException("expected table, json or yaml, got \"" + value + "\"");
        }
      }
    }
  }

  @Override
  public Integer call() {
    if (!names.isEmpty() && selector != null) {
      return failure.report(new CliException("give baseline names or --selector, not both"));
    }
    ComplianceStatus status;
    try (KubernetesClient client = cluster.client()) {
      status =
          new ComplianceStatusReader(client, cluster.controllerNamespace)
              .read(names, selector, cis);
    } catch (CliException | StatusException e) {
      return failure.report(e);
    } catch (KubernetesClientException e) {
      // Thrown while the client is built (a kubeconfig fabric8 cannot use), not by a request.
      return failure.report(new CliException("cannot use the kubeconfig: " + e.getMessage()));
    }
    String text =
        switch (format) {
          case TABLE -> StatusTable.render(status);
          case JSON -> ManifestIo.write(status, OutputFormat.JSON);
          case YAML -> ManifestIo.write(status, OutputFormat.YAML);
        };
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return switch (status.overall()) {
      case COMPLIANT -> 0;
      case PROGRESSING -> PROGRESSING;
      default -> NOT_COMPLIANT;
    };
  }
}
