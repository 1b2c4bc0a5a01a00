package dev.bulwark.testing;

import dev.bulwark.localcluster.LocalControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A test's handle on the shared control plane: clients, its own namespaces, and kubectl. */
public final class TestCluster {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final LocalControlPlane plane;
  private final String owner;

  TestCluster(LocalControlPlane plane, String owner) {
    this.plane = plane;
    this.owner = owner;
  }

  /** A fresh admin client; close it (JOSDK closes the clients handed to it). */
  public KubernetesClient newClient() {
    return plane.newClient();
  }

  public LocalControlPlane plane() {
    return plane;
  }

  /** Creates a namespace no other test uses, with {@code labels}, and returns its name. */
  public String createNamespace(Map<String, String> labels) {
    String prefix = owner.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    String name =
        prefix.substring(0, Math.min(prefix.length(), 40))
            + "-"
            + NAMESPACES.incrementAndGet()
            + "-"
            + Long.toString(System.nanoTime() % 1_000_000, 36);
    try (KubernetesClient client = newClient()) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withLabels(labels)
                  .endMetadata()
                  .build())
          .create();
    }
    return name;
  }

  /** Runs kubectl against this cluster; returns its exit code and combined output. */
  public KubectlResult kubectl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(plane.binaries().kubectl().toString());
    command.add("--kubeconfig=" + plane.kubeconfigFile());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl timed out: " + String.join(" ", args));
      }
      return new KubectlResult(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What a kubectl run printed and how it ended. */
  public record KubectlResult(int exitCode, String output) {}
}
