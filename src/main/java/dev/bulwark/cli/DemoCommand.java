package dev.bulwark.cli;

import dev.bulwark.demo.Demo;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The README's main job: Bulwark converging a throwaway local cluster, shown as a table. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start a throwaway local control plane, create namespaces with secure and insecure"
          + " workloads, apply the example baselines, run the operator and print a compliance"
          + " table per namespace as it converges; then tear everything down.",
      "Needs the control-plane binaries (scripts/build-control-plane.sh; ./bulwark demo builds"
          + " them)."
    })
public final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--timeout",
      defaultValue = "180s",
      converter = DurationOption.class,
      description = "Give up waiting for convergence after this long (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--keep",
      description =
          "Keep the cluster running after convergence (Ctrl-C ends it) to explore with kubectl.")
  boolean keep;

  @Override
  public Integer call() throws InterruptedException {
    return new Demo(System.out, timeout, keep).run(BuildVersion.kubernetesVersion());
  }
}
