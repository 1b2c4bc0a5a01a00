package dev.bulwark.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the cluster and the operator are: --kubeconfig, --context and --controller-namespace. */
final class ClusterOptions {

  /** The namespace the operator runs in unless told otherwise. */
  static final String DEFAULT_CONTROLLER_NAMESPACE = "bulwark-system";

  /** Retries of a request that got no answer, before the command reports the failure. */
  private static final int RETRIES = 1;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "kubeconfig context to use (default: the kubeconfig's current context)")
  String context;

  @Option(
      names = "--controller-namespace",
      paramLabel = "NAMESPACE",
      defaultValue = DEFAULT_CONTROLLER_NAMESPACE,
      description = "namespace of the Bulwark operator (default: ${DEFAULT-VALUE})")
  String controllerNamespace;

  KubernetesClient client() throws CliException {
    Config config;
    if (kubeconfig == null) {
      config = Config.autoConfigure(context);
    } else {
      try {
        config =
            Config.fromKubeconfig(
                context, Files.readString(kubeconfig), kubeconfig.toAbsolutePath().toString());
      } catch (IOException e) {
        throw new CliException(kubeconfig + ": cannot read kubeconfig (" + e.getMessage() + ")");
      }
    }
    // fabric8 falls back to the current context when the one asked for is missing: refuse that.
    if (context != null
        && (config.getCurrentContext() == null
            || !context.equals(config.getCurrentContext().getName()))) {
      throw new CliException(
          "context \""
              + context
              + "\" not found in "
              + (kubeconfig == null
                  ? "the kubeconfig ($KUBECONFIG or ~/.kube/config)"
                  : kubeconfig));
    }
    // A command line fails fast when the cluster is unreachable: fabric8's default of ten retries
    // with backoff kept `bulwark status` silent for about 20 s before saying so.
    config.setRequestRetryBackoffLimit(RETRIES);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
