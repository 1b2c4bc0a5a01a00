package dev.bulwark.localcluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the Go-built control-plane binaries live: the layout fabric8 kube-api-test reads, so that
 * one build serves the tests, the demo and kube-api-test alike.
 */
public record ControlPlaneBinaries(Path testDir, String version) {

  /** Binaries kube-api-test needs to start an API server, plus the controller manager we add. */
  private static final List<String> REQUIRED =
      List.of("kube-apiserver", "etcd", "kubectl", "kube-controller-manager");

  /**
   * The binaries for {@code version} under {@code $KUBE_API_TEST_DIR}, else {@code ~/.kubeapitest}.
   */
  public static ControlPlaneBinaries forVersion(String version) {
    String configured = System.getenv("KUBE_API_TEST_DIR");
    Path dir =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : UserHome.get().resolve(".kubeapitest");
    return new ControlPlaneBinaries(dir, version);
  }

  public Path binDir() {
    return testDir.resolve("k8s").resolve(version + "-" + os() + "-" + arch());
  }

  public Path kubectl() {
    return binDir().resolve("kubectl");
  }

  public Path controllerManager() {
    return binDir().resolve("kube-controller-manager");
  }

  /** Fails with the command that builds the binaries when one of them is missing. */
  public void requirePresent() {
    List<String> missing =
        REQUIRED.stream().filter(name -> !Files.isExecutable(binDir().resolve(name))).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "control-plane binaries missing in "
              + binDir()
              + ": "
              + String.join(", ", missing)
              + ". Build them with scripts/build-control-plane.sh (needs Go >= 1.26).");
    }
  }

  private static String os() {
    String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    return name.contains("mac") ? "darwin" : name.contains("win") ? "windows" : "linux";
  }

  private static String arch() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
  }
}
