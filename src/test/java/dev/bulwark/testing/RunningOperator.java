package dev.bulwark.testing;

import dev.bulwark.admission.TrustedWriters;
import dev.bulwark.operator.BulwarkOperator;
import dev.bulwark.operator.OperatorOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The Bulwark operator running in-process against the shared test cluster, CRDs installed. */
public final class RunningOperator implements AutoCloseable {

  /** The operator's own namespace in tests; never governed. */
  public static final String NAMESPACE = "bulwark-system";

  private final BulwarkOperator operator;

  private RunningOperator(BulwarkOperator operator) {
    this.operator = operator;
  }

  /**
   * A break-glass group of in-process operators: its members may change what Bulwark owns in
   * governed namespaces (as a platform team's GitOps tool would be configured to).
   */
  public static final String BREAK_GLASS_GROUP = "bulwark-test:break-glass";

  /**
   * The options in-process ITs run the operator with: no HTTP, {@link TestTimings#current()}, the
   * break-glass group {@link #BREAK_GLASS_GROUP}; the operator's user is asked of the API server
   * (the admin client's, which tests share).
   */
  public static OperatorOptions options() {
    return new OperatorOptions(NAMESPACE, false, "bulwark-leader", Duration.ZERO)
        .withTimings(TestTimings.current())
        .withWriters(new TrustedWriters(null, List.of(), List.of(BREAK_GLASS_GROUP)));
  }

  /**
   * Installs crds/ with kubectl (server-side apply) and starts the operator with a fresh client and
   * {@link #options()}.
   */
  public static RunningOperator start(TestCluster cluster) {
    installCrds(cluster);
    return new RunningOperator(BulwarkOperator.start(cluster.newClient(), options()));
  }

  /** As {@link #start(TestCluster)}, with {@code options} (e.g. to serve /metrics). */
  public static RunningOperator start(TestCluster cluster, OperatorOptions options) {
    installCrds(cluster);
    return new RunningOperator(BulwarkOperator.start(cluster.newClient(), options));
  }

  /** Where the operator serves /metrics, /healthz and /readyz, if its options asked for it. */
  public java.util.Optional<java.net.InetSocketAddress> httpAddress() {
    return operator.httpAddress();
  }

  /** As {@link #start(TestCluster)}, but talking to the API server behind {@code client}. */
  public static RunningOperator start(
      TestCluster cluster, io.fabric8.kubernetes.client.KubernetesClient client) {
    installCrds(cluster);
    return new RunningOperator(BulwarkOperator.start(client, options()));
  }

  /** Applies every CRD under crds/ and waits until they are established. */
  public static void installCrds(TestCluster cluster) {
    Path crds = Path.of(System.getProperty("bulwark.repo.root", ".")).resolve("crds");
    TestCluster.KubectlResult applied =
        cluster.kubectl("apply", "--server-side", "--force-conflicts", "-f", crds.toString());
    if (applied.exitCode() != 0) {
      throw new IllegalStateException("kubectl apply -f crds/ failed: " + applied.output());
    }
    TestCluster.KubectlResult established =
        cluster.kubectl(
            "wait", "--for=condition=Established", "--timeout=60s", "-f", crds.toString());
    if (established.exitCode() != 0) {
      throw new IllegalStateException("CRDs not established: " + established.output());
    }
  }

  /** java-operator-sdk's view of the running controllers and their event sources. */
  public io.javaoperatorsdk.operator.RuntimeInfo runtimeInfo() {
    return operator.runtimeInfo();
  }

  /** The namespaces' reports this operator holds in memory now. */
  public java.util.Collection<dev.bulwark.operator.ledger.NamespaceEvaluation> evaluations() {
    return operator.evaluations();
  }

  @Override
  public void close() {
    operator.close();
  }
}
