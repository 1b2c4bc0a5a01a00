package dev.bulwark.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the cluster and the operator are: --kubeconfig and --controller-namespace. */
final class ClusterOptions {

  /** The namespace the operator runs in unless told otherwise. */
  static final String DEFAULT_CONTROLLER_NAMESPACE = "bulwark-system";

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
  Path kubeconfig;

  @Option(
      names = "--controller-namespace",
      paramLabel = "NAMESPACE",
      defaultValue = DEFAULT_CONTROLLER_NAMESPACE,
      description = "namespace of the Bulwark operator (default: ${DEFAULT-VALUE})")
  String controllerNamespace;

  KubernetesClient client() throws CliException {
    if (kubeconfig == null) {
      return new KubernetesClientBuilder().build();
    }
    try {
      return new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
          .build();
    } catch (IOException e) {
      throw new CliException(kubeconfig + ": cannot read kubeconfig (" + e.getMessage() + ")");
    }
  }
}
