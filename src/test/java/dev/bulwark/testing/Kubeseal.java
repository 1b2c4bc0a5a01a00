package dev.bulwark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Bitnami's real kubeseal, built by scripts/build-kubeseal.sh: the interop tests' oracle. */
public final class Kubeseal {

  private final Path binary;

  private Kubeseal(Path binary) {
    this.binary = binary;
  }

  /**
   * The binary at {@code -Dbulwark.kubeseal}, else where scripts/build-kubeseal.sh puts it; fails
   * naming the script when it is missing.
   */
  public static Kubeseal locate() {
    String explicit = System.getProperty("bulwark.kubeseal");
    Path binary;
    if (explicit != null && !explicit.isBlank()) {
      binary = Path.of(explicit);
    } else {
      String version = System.getProperty("bulwark.kubeseal.version", "v0.36.6");
      String xdg = System.getenv("XDG_CACHE_HOME");
      Path cache =
          xdg == null || xdg.isBlank()
              ? dev.bulwark.localcluster.UserHome.get().resolve(".cache")
              : Path.of(xdg);
      binary = cache.resolve("bulwark").resolve("kubeseal-" + version).resolve("kubeseal");
    }
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "kubeseal not found at "
              + binary
              + ": run scripts/build-kubeseal.sh (scripts/test.sh does) or set -Dbulwark.kubeseal");
    }
    return new Kubeseal(binary);
  }

  /** {@code kubeseal --cert CERT --scope SCOPE -o yaml < secretYaml}. */
  public String seal(Path cert, String scope, String secretYaml) {
    return run(secretYaml, "--cert", cert.toString(), "--scope", scope, "-o", "yaml");
  }

  /**
   * {@code kubeseal --cert CERT -o yaml < secretYaml}: the scope comes from the Secret's own
   * annotations, as when the controller re-encrypts (kubeseal --re-encrypt) an unsealed Secret.
   */
  public String sealWithTheSecretsScope(Path cert, String secretYaml) {
    return run(secretYaml, "--cert", cert.toString(), "-o", "yaml");
  }

  /** {@code kubeseal --recovery-unseal --recovery-private-key KEY... -o yaml < sealedYaml}. */
  public String recoveryUnseal(Path key, String sealedYaml) {
    return run(
        sealedYaml, "--recovery-unseal", "--recovery-private-key", key.toString(), "-o", "yaml");
  }

  private String run(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    try {
      Path input = Files.createTempFile("kubeseal-in", ".yaml");
      Path errors = Files.createTempFile("kubeseal-err", ".txt");
      try {
        Files.writeString(input, stdin);
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .redirectInput(input.toFile())
                .redirectError(errors.toFile());
        // No cluster is needed for these commands; make sure none is reached.
        builder.environment().put("KUBECONFIG", "/nonexistent/kubeconfig");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException("kubeseal timed out: " + command);
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "kubeseal failed (" + process.exitValue() + "): " + Files.readString(errors));
        }
        return output;
      } finally {
        Files.deleteIfExists(input);
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
