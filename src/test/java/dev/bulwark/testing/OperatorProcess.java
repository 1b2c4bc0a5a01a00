package dev.bulwark.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.operator.OperatorTimings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator in a JVM of its own ({@code bulwark operator}), authenticated as a ServiceAccount of
 * its own (bound to cluster-admin) so the API server's audit log tells its requests from any other
 * replica's; {@link #kill()} is a SIGKILL.
 */
public final class OperatorProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final String identity;

  private OperatorProcess(Process process, Path log, String identity) {
    this.process = process;
    this.log = log;
    this.identity = identity;
  }

  /**
   * Starts a replica named {@code identity} (its Lease identity and ServiceAccount name in {@code
   * namespace}, created if missing) with {@code args} after {@code operator}.
   */
  public static OperatorProcess start(
      TestCluster cluster, Path dir, String namespace, String identity, String... args) {
    try {
      Path kubeconfig = serviceAccountKubeconfig(cluster, dir, namespace, identity);
      Path log = dir.resolve(identity + ".log");
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.bulwark.cli.Main",
                  "operator",
                  "--kubeconfig=" + kubeconfig,
                  "--namespace=" + namespace,
                  // Replicas share this machine: each serves its endpoints on a free port.
                  "--http-bind-address=127.0.0.1",
                  "--http-port=0"));
      command.addAll(timingArguments(TestTimings.current()));
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().put("HOSTNAME", identity);
      return new OperatorProcess(builder.start(), log, identity);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code --timing NAME=DURATION} for every timing of {@code timings} that differs from
   * production's, so a replica runs with the same timings as in-process operators.
   */
  static List<String> timingArguments(OperatorTimings timings) {
    OperatorTimings production = OperatorTimings.production();
    List<String> arguments = new ArrayList<>();
    for (RecordComponent component : OperatorTimings.class.getRecordComponents()) {
      try {
        Duration value = (Duration) component.getAccessor().invoke(timings);
        if (!value.equals(component.getAccessor().invoke(production))) {
          arguments.add("--timing=" + component.getName() + "=" + value.toMillis() + "ms");
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("record accessors are public", e);
      }
    }
    return arguments;
  }

  /** The username the API server sees for this replica. */
  public static String username(String namespace, String identity) {
    return "system:serviceaccount:" + namespace + ":" + identity;
  }

  public String identity() {
    return identity;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the replica printed so far. */
  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** SIGKILL, as a node failure or the OOM killer would end it; waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private static Path serviceAccountKubeconfig(
      TestCluster cluster, Path dir, String namespace, String identity) throws IOException {
    cluster.kubectl("create", "namespace", namespace);
    cluster.kubectl("create", "serviceaccount", identity, "-n", namespace);
    cluster.kubectl(
        "create",
        "clusterrolebinding",
        namespace + "-" + identity,
        "--clusterrole=cluster-admin",
        "--serviceaccount=" + namespace + ":" + identity);
    TestCluster.KubectlResult token =
        cluster.kubectl("create", "token", identity, "-n", namespace, "--duration=2h");
    if (token.exitCode() != 0) {
      throw new IllegalStateException("kubectl create token failed: " + token.output());
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    @SuppressWarnings("unchecked")
    Map<String, Object> config = yaml.readValue(cluster.plane().kubeconfigYaml(), Map.class);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> users = (List<Map<String, Object>>) config.get("users");
    users.forEach(user -> user.put("user", Map.of("token", token.output().strip())));
    Path file = dir.resolve(identity + "-kubeconfig.yaml");
    yaml.writeValue(file.toFile(), config);
    return file;
  }
}
