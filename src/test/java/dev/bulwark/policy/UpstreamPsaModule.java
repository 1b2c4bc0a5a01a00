package dev.bulwark.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Finds upstream's k8s.io/pod-security-admission module on disk at test time through {@code go mod
 * download}, so its fixtures are read where Go keeps them and never copied into this repository.
 */
public final class UpstreamPsaModule {

  public static final String MODULE = "k8s.io/pod-security-admission";
  public static final String VERSION = "v0.37.2";

  private static Path directory;

  private UpstreamPsaModule() {}

  /** The module's directory; downloads it on first use. Fails loudly when Go is missing. */
  public static synchronized Path directory() {
    if (directory == null) {
      directory = download();
    }
    return directory;
  }

  /** {@code test/testdata} of the module: {level}/v1.N/{pass,fail}/*.yaml. */
  public static Path testdata() {
    return directory().resolve("test").resolve("testdata");
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
      if (!Files.isDirectory(dir.resolve("test").resolve("testdata"))) {
        throw new IllegalStateException("no test/testdata in " + dir);
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
