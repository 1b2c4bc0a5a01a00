package dev.bulwark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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
    ProcessBuilder builder =
        new ProcessBuilder("go", "mod", "download", "-json", MODULE + "@" + VERSION)
            .directory(Path.of(System.getProperty("java.io.tmpdir")).toFile());
    builder.environment().putIfAbsent("GOFLAGS", "-mod=mod");
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      Process process = builder.start();
      String json = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("go mod download failed for " + MODULE + ": " + json);
      }
      JsonNode info = new ObjectMapper().readTree(json);
      Path dir = Path.of(info.path("Dir").asText());
      if (!Files.isRegularFile(dir.resolve("config/crd/openreports.io_reports.yaml"))) {
        throw new IllegalStateException("no config/crd/openreports.io_reports.yaml in " + dir);
      }
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run `go mod download` (is Go installed and on PATH?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
