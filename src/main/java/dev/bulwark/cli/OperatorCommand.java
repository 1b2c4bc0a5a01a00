package dev.bulwark.cli;

import dev.bulwark.admission.TrustedWriters;
import dev.bulwark.operator.BulwarkOperator;
import dev.bulwark.operator.OperatorIdentity;
import dev.bulwark.operator.OperatorOptions;
import dev.bulwark.operator.OperatorTimings;
import dev.bulwark.operator.observe.HttpOptions;
import dev.bulwark.operator.observe.ListenException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Runs the operator until interrupted: in a cluster (in-cluster config) or from a kubeconfig. */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Bulwark operator: keep namespaces at their SecurityBaseline and unseal"
          + " SealedSecrets.",
      "Uses --kubeconfig, else $KUBECONFIG, else ~/.kube/config, else the in-cluster service"
          + " account."
    })
public final class OperatorCommand implements Callable<Integer> {

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig to use.")
  Path kubeconfig;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      defaultValue = "${env:BULWARK_NAMESPACE:-bulwark-system}",
      description =
          "The operator's own namespace: never governed; holds its lease and keys"
              + " (default: $BULWARK_NAMESPACE or ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--leader-election",
      description = "Take a Lease before reconciling, for running several replicas.")
  boolean leaderElection;

  @Option(
      names = "--key-renew-period",
      paramLabel = "DURATION",
      defaultValue = "720h",
      converter = DurationOption.class,
      description =
          "Renew the sealing key this often, e.g. 720h or 30d; 0 disables (default"
              + " ${DEFAULT-VALUE}).")
  Duration keyRenewPeriod;

  @Option(
      names = "--http-bind-address",
      paramLabel = "ADDRESS",
      defaultValue = "0.0.0.0",
      description =
          "Address to serve /metrics, /healthz and /readyz on (default ${DEFAULT-VALUE}: all).")
  String httpBindAddress;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description =
          "Port of /metrics, /healthz and /readyz; 0 picks a free one (default"
              + " ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--metrics-auth",
      description =
          "Serve /metrics only to bearer tokens the API server authenticates (TokenReview) and"
              + " authorizes for get on the non-resource URL /metrics (SubjectAccessReview), as"
              + " kube-rbac-proxy does. /healthz and /readyz stay open.")
  boolean metricsAuth;

  @Option(
      names = "--timing",
      paramLabel = "NAME=DURATION",
      description =
          "Override one of the operator's timings (repeatable), e.g. --timing settleCheck=1s."
              + " Names: settleCheck, maxSettleCheck, repairFirstWait, repairMaxWait,"
              + " repairWindow, statusWriteInterval, forgottenNamespaces, reportsApiRecheck,"
              + " reportRetry,"
              + " remediationPreviewWait, admissionRetry, admissionGrace, safetyNet, unsealRetry,"
              + " leaseDuration,"
              + " leaseRenewDeadline, leaseRetryPeriod, cacheSyncTimeout. Meant for tests and tuning; see"
              + " docs/architecture.md for what each one paces.")
  Map<String, String> timingOverrides = new LinkedHashMap<>();

  @Option(
      names = "--break-glass-user",
      paramLabel = "USER",
      description =
          "A user who may change and delete what Bulwark owns in governed namespaces and write"
              + " NetworkPolicies there unchecked, besides the operator (repeatable). Everyone"
              + " else, namespace admins included, is refused by the generated admission policy.")
  List<String> breakGlassUsers = new ArrayList<>();

  @Option(
      names = "--break-glass-group",
      paramLabel = "GROUP",
      description = "A group whose members may do what --break-glass-user allows (repeatable).")
  List<String> breakGlassGroups = new ArrayList<>();

  @Option(
      names = "--operator-user",
      paramLabel = "USER",
      description =
          "The user name the operator's own requests carry, which the generated admission policy"
              + " lets through. Default: asked of the API server (SelfSubjectReview), e.g."
              + " system:serviceaccount:bulwark-system:bulwark in a cluster.")
  String operatorUser;

  @Mixin CommandFailure failure;

  @Override
  public Integer call() throws InterruptedException, IOException {
    try {
      return run();
    } catch (CliException e) {
      return failure.report(e);
    }
  }

  /**
   * The break-glass subjects of {@code --break-glass-user} and {@code --break-glass-group}, with
   * the operator's user of {@code --operator-user} (null: asked of the API server at start).
   */
  TrustedWriters writers() {
    return new TrustedWriters(operatorUser, breakGlassUsers, breakGlassGroups);
  }

  /** Production timings with the {@code --timing} overrides applied. */
  private OperatorTimings timings() throws CliException {
    OperatorTimings timings = OperatorTimings.production();
    for (Map.Entry<String, String> override : timingOverrides.entrySet()) {
      try {
        timings = timings.with(override.getKey(), DurationOption.parse(override.getValue()));
      } catch (IllegalArgumentException | TypeConversionException e) {
        throw new CliException("--timing " + override.getKey() + ": " + e.getMessage());
      }
    }
    return timings;
  }

  private int run() throws InterruptedException, IOException, CliException {
    HttpOptions http;
    try {
      http = new HttpOptions(httpBindAddress, httpPort, metricsAuth);
    } catch (IllegalArgumentException e) {
      throw new CliException("--http-port: " + e.getMessage());
    }
    OperatorOptions options =
        new OperatorOptions(namespace, leaderElection, "bulwark-leader", keyRenewPeriod)
            .withHttp(http)
            .withTimings(timings())
            .withWriters(writers());
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config()).build();
    CountDownLatch stopped = new CountDownLatch(1);
    BulwarkOperator running;
    try {
      running = BulwarkOperator.start(client, options);
    } catch (OperatorIdentity.UnknownIdentity e) {
      client.close();
      throw new CliException(e.getMessage());
    } catch (ListenException e) {
      client.close();
      throw new CliException(
          e.getMessage() + " (choose another --http-port or --http-bind-address)");
    }
    try (BulwarkOperator operator = running) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "bulwark-stop"));
      System.err.println(
          "bulwark operator running against " + client.getMasterUrl() + "; Ctrl-C stops it");
      stopped.await();
    }
    return 0;
  }

  private Config config() throws IOException {
    if (kubeconfig == null) {
      return Config.autoConfigure(null);
    }
    return Config.fromKubeconfig(Files.readString(kubeconfig));
  }
}
