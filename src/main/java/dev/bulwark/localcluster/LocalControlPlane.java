package dev.bulwark.localcluster;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway Kubernetes control plane on loopback: kube-apiserver + etcd (started through fabric8
 * kube-api-test, pinned to the Go-built version so it never downloads) and, on request,
 * kube-controller-manager for garbage collection, namespace deletion and default ServiceAccounts.
 */
public final class LocalControlPlane implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalControlPlane.class);

  /**
   * Controllers the tests and the demo rely on; the rest need nodes or cloud providers. The
   * ValidatingAdmissionPolicy status controller type-checks generated policies into their status.
   */
  private static final String CONTROLLERS =
      "garbagecollector,namespace,serviceaccount,validatingadmissionpolicy-status-controller";

  /**
   * kube-controller-manager v1.37's names (its {@code --help}) of the controllers that make pods
   * from workloads: ReplicaSet, Deployment, StatefulSet, DaemonSet, Job and CronJob.
   */
  public static final List<String> WORKLOAD_CONTROLLERS =
      List.of(
          "replicaset-controller",
          "deployment-controller",
          "statefulset-controller",
          "daemonset-controller",
          "job-controller",
          "cronjob-controller");

  private static final Duration CONTROLLERS_START = Duration.ofSeconds(90);

  private static final java.util.concurrent.atomic.AtomicInteger CONTROLLER_MANAGERS =
      new java.util.concurrent.atomic.AtomicInteger();

  private static final String AUDIT_POLICY = "audit-policy.yaml";
  private static final String AUDIT_LOG = "audit.log";

  /**
   * Metadata of every write and list, nothing of reads by name or watches: enough to tell who wrote
   * what and when, and how often an informer listed, without request bodies (which may hold
   * Secrets).
   */
  private static final String AUDIT_POLICY_YAML =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: [RequestReceived]
      rules:
      - level: Metadata
        verbs: [create, update, patch, delete, deletecollection, list]
      - level: None
      """;

  private final ControlPlaneBinaries binaries;
  private final KubeAPIServer apiServer;
  private final Path workDir;
  private final Path kubeconfig;
  private final Thread shutdownHook;
  private volatile WatchedProcess controllerManager;
  private boolean stopped;

  private LocalControlPlane(ControlPlaneBinaries binaries, KubeAPIServer apiServer, Path workDir) {
    this.binaries = binaries;
    this.apiServer = apiServer;
    this.workDir = workDir;
    this.kubeconfig = workDir.resolve("kubeconfig");
    this.shutdownHook = new Thread(this::stopProcesses, "local-control-plane-shutdown");
  }

  /**
   * Starts kube-apiserver and etcd for {@code binaries}; stopped by {@link #close()} or at exit.
   */
  public static LocalControlPlane start(ControlPlaneBinaries binaries) {
    binaries.requirePresent();
    Path workDir;
    try {
      workDir = Files.createTempDirectory("bulwark-cluster");
      Files.writeString(workDir.resolve(AUDIT_POLICY), AUDIT_POLICY_YAML);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work directory", e);
    }
    KubeAPIServer server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(binaries.testDir().toString())
                .withApiServerVersion(binaries.version())
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .withApiServerFlag("--audit-policy-file", workDir.resolve(AUDIT_POLICY).toString())
                .withApiServerFlag("--audit-log-path", workDir.resolve(AUDIT_LOG).toString())
                .withApiServerFlag("--audit-log-mode", "blocking")
                .withApiServerFlag("--audit-log-format", "json")
                .withStartupTimeout(120_000)
                .build());
    LocalControlPlane plane = new LocalControlPlane(binaries, server, workDir);
    Runtime.getRuntime().addShutdownHook(plane.shutdownHook);
    long started = System.nanoTime();
    try {
      server.start();
      plane.writeKubeconfig();
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
    log.info(
        "local control plane v{} ready in {} ms",
        binaries.version(),
        (System.nanoTime() - started) / 1_000_000);
    return plane;
  }

  /** Starts kube-controller-manager against this API server, once; later calls do nothing. */
  public synchronized void startControllerManager() {
    if (controllerManager != null && controllerManager.isAlive()) {
      return;
    }
    List<String> command =
        List.of(
            binaries.controllerManager().toString(),
            "--kubeconfig=" + kubeconfig,
            "--controllers=" + CONTROLLERS,
            "--leader-elect=false",
            "--secure-port=0",
            "--use-service-account-credentials=false",
            "--concurrent-gc-syncs=5",
            "--v=1");
    controllerManager =
        WatchedProcess.start(
            "kube-controller-manager", command, workDir.resolve("kube-controller-manager.log"));
    log.info("kube-controller-manager started (log: {})", workDir);
  }

  /**
   * Starts another kube-controller-manager running only {@code controllers} (v1.37 names, see
   * {@link #WORKLOAD_CONTROLLERS}) and waits until its log shows each of them starting, so a name
   * it does not know (it exits at once) fails here, with its log. Closing the result stops it; the
   * objects its controllers made stay.
   *
   * @throws IllegalStateException when it exits or a controller has not started within 90 s
   */
  public AutoCloseable startControllers(List<String> controllers) {
    Path logFile =
        workDir.resolve(
            "kube-controller-manager-" + CONTROLLER_MANAGERS.incrementAndGet() + ".log");
    WatchedProcess process =
        WatchedProcess.start(
            "kube-controller-manager",
            List.of(
                binaries.controllerManager().toString(),
                "--kubeconfig=" + kubeconfig,
                "--controllers=" + String.join(",", controllers),
                "--leader-elect=false",
                "--secure-port=0",
                "--use-service-account-credentials=false",
                "--v=1"),
            logFile);
    try {
      awaitStarted(process, controllers, logFile);
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
    log.info("kube-controller-manager with {} started (log: {})", controllers, logFile);
    return process::close;
  }

  /** Waits for {@code Controller starting... controller="NAME"} of each controller in the log. */
  private static void awaitStarted(WatchedProcess process, List<String> controllers, Path log) {
    long deadline = System.nanoTime() + CONTROLLERS_START.toNanos();
    while (true) {
      String text = readQuietly(log);
      List<String> missing = controllers.stream().filter(c -> !started(text, c)).toList();
      if (missing.isEmpty()) {
        return;
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "kube-controller-manager "
                + (process.isAlive() ? "did not start " + missing + " in time" : "exited")
                + "; its log ends:\n"
                + text.substring(Math.max(0, text.length() - 4000)));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for kube-controller-manager", e);
      }
    }
  }

  private static boolean started(String log, String controller) {
    return log.lines()
        .anyMatch(
            line ->
                line.contains("Controller starting")
                    && line.contains("controller=\"" + controller + "\""));
  }

  private static String readQuietly(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** Kubeconfig (client certificate in {@code system:masters}) for this control plane. */
  public String kubeconfigYaml() {
    return apiServer.getKubeConfigYaml();
  }

  /** The same kubeconfig as a file, for kubectl and other processes. */
  public Path kubeconfigFile() {
    return kubeconfig;
  }

  /**
   * The API server's audit log: one JSON event per line (audit.k8s.io/v1 Event, level Metadata) for
   * every create, update, patch, delete and list, written before the response is sent.
   */
  public Path auditLog() {
    return workDir.resolve(AUDIT_LOG);
  }

  public ControlPlaneBinaries binaries() {
    return binaries;
  }

  /** A new admin client; callers close it (JOSDK closes the clients it is given). */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(kubeconfigYaml()))
        .build();
  }

  @Override
  public void close() {
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run: nothing left to unregister
    }
  }

  private synchronized void stopProcesses() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (controllerManager != null) {
      controllerManager.close();
      controllerManager = null;
    }
    try {
      apiServer.stop();
    } catch (RuntimeException e) {
      // kube-api-test cannot clean up after a start that failed half-way; the processes are gone
      log.debug("control plane stop after a failed start", e);
    }
    deleteWorkDir();
  }

  /** Removes the kubeconfig, audit log and controller-manager log; best effort. */
  private void deleteWorkDir() {
    try (var paths = Files.walk(workDir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  log.debug("cannot delete {}", path, e);
                }
              });
    } catch (IOException | java.io.UncheckedIOException e) {
      log.debug("cannot delete {}", workDir, e);
    }
  }

  private void writeKubeconfig() {
    try {
      Files.writeString(kubeconfig, kubeconfigYaml());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + kubeconfig, e);
    }
  }
}
