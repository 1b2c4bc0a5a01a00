package dev.bulwark.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The source of an upstream Go module, found on disk at test time through {@code go mod download}
 * (from the Go module proxy into Go's module cache), so upstream files are read where Go keeps them
 * and never copied into this repository.
 */
public final class GoModuleSource {

  private GoModuleSource() {}

  /**
   * The directory of {@code module} at {@code version}, downloaded when missing.
   *
   * @param expected a path inside the module that must exist (a sanity check of the download)
   * @throws IllegalStateException when Go is missing, the download fails or {@code expected} is not
   *     there
   */
  public static Path directory(String module, String version, String expected) {
    ProcessBuilder builder =
        new ProcessBuilder("go", "mod", "download", "-json", module + "@" + version)
            .directory(Path.of(System.getProperty("java.io.tmpdir")).toFile());
    builder.environment().putIfAbsent("GOFLAGS", "-mod=mod");
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      Process process = builder.start();
      String json = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("go mod download failed for " + module + ": " + json);
      }
      Path dir = Path.of(new ObjectMapper().readTree(json).path("Dir").asText());
      if (!Files.exists(dir.resolve(expected))) {
        throw new IllegalStateException("no " + expected + " in " + dir);
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
