package dev.bulwark.testing;

import java.nio.file.Path;

/**
 * The OpenReports CRDs ({@code reports.openreports.io}, {@code clusterreports.openreports.io}) from
 * the Go module {@code github.com/openreports/reports-api}, fetched with {@code go mod download} at
 * test time (Go's module cache keeps them; never copied into this repository) and installed into or
 * removed from the shared test cluster with kubectl.
 */
public final class OpenReportsCrds {

  public static final String MODULE = "github.com/openreports/reports-api";
  public static final String VERSION = "v0.2.1";

  private static Path directory;

  private OpenReportsCrds() {}

  /** {@code config/crd} of the module: the two CRD files. Fails loudly when Go is missing. */
  public static synchronized Path crdDirectory() {
    if (directory == null) {
      directory = download().resolve("config").resolve("crd");
    }
    return directory;
  }

  /** Applies both CRDs and waits until they are established. */
  public static void install(TestCluster cluster) {
    String crds = crdDirectory().toString();
    check(cluster.kubectl("apply", "--server-side", "--force-conflicts", "-f", crds), "apply");
    check(
        cluster.kubectl("wait", "--for=condition=Established", "--timeout=60s", "-f", crds),
        "wait for Established");
  }

  /** Deletes both CRDs (and so every Report) and waits until they are gone. */
  public static void uninstall(TestCluster cluster) {
    check(
        cluster.kubectl(
            "delete",
            "--ignore-not-found",
            "--wait=true",
            "--timeout=120s",
            "-f",
            crdDirectory().toString()),
        "delete");
  }

  private static void check(TestCluster.KubectlResult result, String what) {
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "kubectl " + what + " of the OpenReports CRDs failed: " + result.output());
    }
  }

  private static Path download() {
    return GoModuleSource.directory(MODULE, VERSION, "config/crd/openreports.io_reports.yaml");
  }
}
