package dev.bulwark.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second kube-apiserver on the shared cluster's etcd, started with the first one's command line
 * on a port of its own plus extra flags, which a test may SIGKILL and start again: a real API
 * server restart (its watch cache, if any, gone; its clients' connections cut) that leaves the
 * shared cluster's own API server and etcd running for the other tests. Two API servers on one etcd
 * is how Kubernetes runs highly available.
 */
public final class ExtraApiServer implements AutoCloseable {

  private final List<String> command;
  private final int port;
  private final String kubeconfig;
  private final Path log;
  private Process process;

  private ExtraApiServer(List<String> command, int port, String kubeconfig, Path log) {
    this.command = command;
    this.port = port;
    this.kubeconfig = kubeconfig;
    this.log = log;
  }

  /**
   * Starts one beside {@code cluster}'s API server with {@code extraFlags} (e.g. {@code
   * --watch-cache=false}), its audit log at {@code dir/audit.log}; waits until it serves.
   */
  public static ExtraApiServer start(TestCluster cluster, Path dir, String... extraFlags) {
    ProcessHandle original =
        ProcessHandle.current()
            .descendants()
            .filter(p -> p.info().command().orElse("").endsWith("kube-apiserver"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no kube-apiserver child process"));
    List<String> args;
    try {
      args =
          new ArrayList<>(
              Arrays.asList(
                  Files.readString(
                          Path.of("/proc", String.valueOf(original.pid()), "cmdline"),
                          StandardCharsets.UTF_8)
                      .split("\0")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the API server's command line", e);
    }
    int port = freePort();
    String originalPort = replace(args, "--secure-port", String.valueOf(port));
    replace(args, "--audit-log-path", dir.resolve("audit.log").toString());
    args.addAll(List.of(extraFlags));
    String kubeconfig =
        cluster
            .plane()
            .kubeconfigYaml()
            .replace("127.0.0.1:" + originalPort, "127.0.0.1:" + port)
            .replace("localhost:" + originalPort, "localhost:" + port);
    ExtraApiServer server =
        new ExtraApiServer(args, port, kubeconfig, dir.resolve("kube-apiserver.log"));
    server.launch();
    return server;
  }

  /** A new client of this API server; callers close it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
  }

  /** This server's audit log (same policy as the shared cluster's). */
  public Path auditLog() {
    return log.resolveSibling("audit.log");
  }

  /** SIGKILL: in-flight requests and watches end without a goodbye. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Starts the same command line again on the same port; waits until it serves. */
  public synchronized void restart() {
    kill();
    launch();
  }

  @Override
  public void close() {
    kill();
  }

  private synchronized void launch() {
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start kube-apiserver", e);
    }
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    try (KubernetesClient client = newClient()) {
      while (true) {
        if (!started.isAlive()) {
          throw new IllegalStateException("kube-apiserver exited; see " + log);
        }
        try {
          client.namespaces().withName("default").get();
          return;
        } catch (KubernetesClientException notYet) {
          if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException("kube-apiserver not serving after 60 s; see " + log);
          }
          Thread.sleep(200);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting kube-apiserver", e);
    }
  }

  /** Replaces the value of {@code flag} (as "--flag=value" or "--flag value"); returns the old. */
  private static String replace(List<String> args, String flag, String value) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith(flag + "=")) {
        args.set(i, flag + "=" + value);
        return arg.substring(flag.length() + 1);
      }
      if (arg.equals(flag) && i + 1 < args.size()) {
        String old = args.get(i + 1);
        args.set(i + 1, value);
        return old;
      }
    }
    args.add(flag + "=" + value);
    return null;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
