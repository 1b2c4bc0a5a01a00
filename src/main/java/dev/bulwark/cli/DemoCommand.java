package dev.bulwark.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The README's main job: until the operator lands, it says what the demo will show. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run Bulwark against a throwaway local control plane and show it converge.")
public final class DemoCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.out.println(
        """
        Bulwark demo — not available yet.

        When the operator lands, this command will:
          1. start a throwaway kube-apiserver + etcd + kube-controller-manager on loopback
             (the binaries built by scripts/build-control-plane.sh),
          2. install the Bulwark CRDs and create namespaces with insecure and secure workloads,
          3. apply the baselines in examples/ and run the operator in-process,
          4. print a compliance table per namespace as the cluster converges,
          5. tear everything down.

        What works today: the control plane build (scripts/build-control-plane.sh) and the
        test suite that runs against it (scripts/test.sh). See README.md.""");
    return 0;
  }
}
