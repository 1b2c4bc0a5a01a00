package dev.bulwark.cli;

import dev.bulwark.localcluster.ControlPlaneBinaries;
import dev.bulwark.localcluster.LocalControlPlane;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** A throwaway local control plane to try Bulwark against, kept until Ctrl-C. */
@Command(
    name = "local-cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Start a throwaway kube-apiserver, etcd and kube-controller-manager on loopback and print"
          + " the kubeconfig to use with kubectl and `bulwark operator --kubeconfig`.",
      "Pods never start (there is no kubelet). Ctrl-C stops everything and deletes its data.",
      "Needs the binaries from scripts/build-control-plane.sh."
    })
public final class LocalClusterCommand implements Callable<Integer> {

  @Override
  public Integer call() throws InterruptedException, CliException {
    ControlPlaneBinaries binaries =
        ControlPlaneBinaries.forVersion(BuildVersion.kubernetesVersion());
    try {
      binaries.requirePresent();
    } catch (IllegalStateException e) {
      // One line the user can act on (the build command), not a stack trace.
      throw new CliException(e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (LocalControlPlane plane = LocalControlPlane.start(binaries)) {
      plane.startControllerManager();
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "local-cluster-stop"));
      System.out.println("kubeconfig: " + plane.kubeconfigFile());
      System.out.println(
          "kubectl:    " + plane.binaries().kubectl() + " --kubeconfig " + plane.kubeconfigFile());
      System.out.println("Ctrl-C stops the cluster.");
      System.out.flush();
      stopped.await();
    }
    return 0;
  }
}
