package dev.bulwark.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * tools/read-oracle, the Go program that reads input as kubectl and kubeseal do, built on first use
 * into {@code ~/.cache/bulwark/read-oracle-<hash of its sources>/} (like scripts/build-kubeseal.sh
 * builds kubeseal) and run once per batch of cases.
 */
public final class ReadOracle {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path binary;

  private ReadOracle() {}

  /**
   * What the oracle made of one case: {@code docs} (yaml), {@code b64} (base64), {@code objects}
   * (typed), {@code image} (image) or {@code error}.
   */
  public record Answer(JsonNode answer) {
    public JsonNode docs() {
      return answer.get("docs");
    }

    public String b64() {
      return answer.has("b64") ? answer.get("b64").asText() : null;
    }

    /** typed: one {@code {kind, json}} or {@code {kind, error}} per workload object. */
    public JsonNode objects() {
      return answer.get("objects");
    }

    /** image: {@code {domain, path, tag, digest}}. */
    public JsonNode image() {
      return answer.get("image");
    }

    public String error() {
      return answer.has("error") ? answer.get("error").asText() : null;
    }

    public boolean rejected() {
      return error() != null;
    }
  }

  /**
   * Runs {@code read-oracle mode} on every case, answers in the same order.
   *
   * @param mode {@code yaml}, {@code base64}, {@code typed} or {@code image}
   */
  public static List<Answer> run(String mode, List<byte[]> cases) {
    Path program = binary();
    try {
      Path input = Files.createTempFile("read-oracle", ".jsonl");
      Path output = Files.createTempFile("read-oracle", ".out");
      try {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < cases.size(); i++) {
          ObjectNode line = JSON.createObjectNode();
          line.put("id", Integer.toString(i));
          line.put("b64", Base64.getEncoder().encodeToString(cases.get(i)));
          lines.append(JSON.writeValueAsString(line)).append('\n');
        }
        Files.writeString(input, lines);
        Process process =
            new ProcessBuilder(program.toString(), mode)
                .redirectInput(input.toFile())
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
          process.destroyForcibly();
          throw new IllegalStateException("read-oracle " + mode + " failed");
        }
        List<Answer> answers = new ArrayList<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
          answers.add(new Answer(JSON.readTree(line)));
        }
        if (answers.size() != cases.size()) {
          throw new IllegalStateException(
              "read-oracle answered " + answers.size() + " of " + cases.size() + " cases");
        }
        return answers;
      } finally {
        Files.deleteIfExists(input);
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The built program; builds it with Go when the cache has none for these sources. */
  public static synchronized Path binary() {
    if (binary != null) {
      return binary;
    }
    Path sources = Path.of("tools", "read-oracle").toAbsolutePath();
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        (xdg == null || xdg.isBlank()
                ? dev.bulwark.localcluster.UserHome.get().resolve(".cache")
                : Path.of(xdg))
            .resolve("bulwark");
    Path target = cache.resolve("read-oracle-" + hash(sources)).resolve("read-oracle");
    if (!Files.isExecutable(target)) {
      build(sources, target);
    }
    binary = target;
    return binary;
  }

  private static void build(Path sources, Path target) {
    try {
      Files.createDirectories(target.getParent());
      Path temporary = target.resolveSibling("read-oracle." + ProcessHandle.current().pid());
      ProcessBuilder builder =
          new ProcessBuilder("go", "build", "-trimpath", "-o", temporary.toString(), ".")
              .directory(sources.toFile())
              .redirectErrorStream(true);
      builder.environment().put("CGO_ENABLED", "0");
      builder.environment().put("GOTOOLCHAIN", "local");
      builder.environment().put("GOFLAGS", "-mod=mod");
      Process process = builder.start();
      String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("cannot build tools/read-oracle with Go:\n" + log);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot build tools/read-oracle (is Go installed and on PATH?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String hash(Path sources) {
    try (Stream<Path> files = Files.list(sources)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path file : files.sorted().toList()) {
        digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        digest.update(Files.readAllBytes(file));
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
