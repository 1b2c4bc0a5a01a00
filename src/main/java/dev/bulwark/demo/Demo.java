package dev.bulwark.demo;

import dev.bulwark.api.Crds;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.localcluster.ControlPlaneBinaries;
import dev.bulwark.localcluster.LocalControlPlane;
import dev.bulwark.operator.BulwarkOperator;
import dev.bulwark.operator.OperatorOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The README's main job: a throwaway control plane, the CRDs, a few namespaces and workloads, the
 * example baselines, and the operator running in-process, with a compliance table printed as the
 * cluster converges; everything is torn down afterwards.
 */
public final class Demo {

  private final PrintStream out;
  private final Duration timeout;
  private final boolean keep;

  public Demo(PrintStream out, Duration timeout, boolean keep) {
    this.out = out;
    this.timeout = timeout;
    this.keep = keep;
  }

  /** Runs the demo; returns 0 when every baseline became Ready, 1 otherwise. */
  public int run(String kubernetesVersion) throws InterruptedException {
    out.println(
        "[1/5] starting a throwaway control plane (kube-apiserver, etcd, kube-controller-manager) ...");
    try (LocalControlPlane plane =
        LocalControlPlane.start(ControlPlaneBinaries.forVersion(kubernetesVersion))) {
      plane.startControllerManager();
      try (KubernetesClient client = plane.newClient()) {
        out.println("[2/5] installing the Bulwark CRDs ...");
        Crds.install(client);
        out.println(
            "[3/5] creating namespaces "
                + namespaces()
                + " with secure and insecure workloads ...");
        DemoWorld.createWorkloads(client);
        out.println("[4/5] applying the example baselines: " + DemoWorld.EXAMPLES + " ...");
        DemoWorld.applyExamples(client);
        out.println("[5/5] running the operator; the table refreshes as the cluster converges:");
        out.println();
        boolean ready;
        try (BulwarkOperator operator =
            BulwarkOperator.start(
                plane.newClient(),
                new OperatorOptions("bulwark-system", false, "bulwark-leader", Duration.ZERO))) {
          ready = watch(client, operator);
          if (keep) {
            out.println("Cluster kept running; kubeconfig: " + plane.kubeconfigFile());
            out.println("Try: kubectl --kubeconfig " + plane.kubeconfigFile() + " get sb");
            out.println("Press Ctrl-C to tear everything down.");
            Thread.currentThread().join();
          }
        }
        out.println("Tearing down the control plane ...");
        return ready ? 0 : 1;
      }
    }
  }

  /** Prints the table whenever it changes, until every baseline is Ready and stays so. */
  private boolean watch(KubernetesClient client, BulwarkOperator operator)
      throws InterruptedException {
    ComplianceTable table = new ComplianceTable(client);
    Instant deadline = Instant.now().plus(timeout);
    String last = "";
    int stableRounds = 0;
    while (Instant.now().isBefore(deadline)) {
      String snapshot =
          table.print(
              new PrintStream(java.io.OutputStream.nullOutputStream()),
              operator.evaluations(),
              namespaces());
      if (!snapshot.equals(last)) {
        out.println("--- " + Instant.now() + " ---");
        out.print(snapshot);
        out.println();
        last = snapshot;
        stableRounds = 0;
      } else if (allReady(client) && ++stableRounds >= 3) {
        out.println(
            "Converged: every baseline is Ready. `kubectl describe sb restricted` shows the details.");
        return true;
      }
      Thread.sleep(1000);
    }
    out.println("Not converged within " + timeout.toSeconds() + " s.");
    return false;
  }

  private static boolean allReady(KubernetesClient client) {
    List<SecurityBaseline> baselines = client.resources(SecurityBaseline.class).list().getItems();
    return !baselines.isEmpty()
        && baselines.stream().allMatch(b -> "True".equals(ComplianceTable.condition(b, "Ready")));
  }

  private static List<String> namespaces() {
    return DemoWorld.NAMESPACES.keySet().stream().sorted().toList();
  }
}
