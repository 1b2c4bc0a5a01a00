package dev.bulwark.it.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.cli.ScanCommand;
import dev.bulwark.seal.KeyPem;
import dev.bulwark.seal.SealingKey;
import dev.bulwark.seal.SealingKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bulwark} launcher as users run it, after {@code mvn package} built the jar: on a fresh
 * machine (an empty {@code HOME}, so no start-up cache), again with the cache full, with old caches
 * to clean up and with a home where no cache can be made. It must run the command every time and
 * never exit without saying why.
 */
class LauncherIT {

  private static final Path ROOT =
      Path.of(System.getProperty("bulwark.repo.root", ".")).toAbsolutePath();

  private static final String POD =
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: p, namespace: ns}
      spec:
        containers:
        - {name: app, image: nginx:1.27, securityContext: {privileged: true}}
      """;

  @TempDir static Path work;
  private static Path pod;
  private static Path secret;
  private static Path cert;
  private static Path key;

  record Run(int exitCode, String out, String err) {}

  @BeforeAll
  static void files() throws IOException {
    pod = Files.writeString(work.resolve("pod.yaml"), POD);
    secret =
        Files.writeString(
            work.resolve("secret.yaml"),
            "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: team}\n"
                + "stringData: {password: launcher-secret}\n");
    SealingKey sealingKey =
        new SealingKeyGenerator(2048, Clock.systemUTC(), new SecureRandom()).generate("k");
    cert =
        Files.writeString(
            work.resolve("cert.pem"), KeyPem.write(sealingKey.certificate().orElseThrow()));
    key = Files.writeString(work.resolve("key.pem"), KeyPem.write(sealingKey.privateKey()));
  }

  private static Run launcher(Path home, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("bulwark").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    Map<String, String> env = builder.environment();
    env.put("HOME", home.toString());
    env.remove("XDG_CACHE_HOME");
    env.remove("BULWARK_STARTUP_CACHE");
    env.remove("BULWARK_JAVA_OPTS");
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("launcher did not finish: " + command);
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static List<Path> startupCaches(Path home) throws IOException {
    Path dir = home.resolve(".cache/bulwark/startup");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".aot")).toList();
    }
  }

  @Test
  void scanSealAndUnsealRunFromAnEmptyHomeAndAgainWithTheCacheFull() throws Exception {
    Path home = Files.createDirectory(work.resolve("fresh-home"));

    Run first = launcher(home, "scan", pod.toString());
    Run second = launcher(home, "scan", pod.toString());
    Run sealed = launcher(home, "seal", "-f", secret.toString(), "--cert", cert.toString());
    Path sealedFile = Files.writeString(work.resolve("sealed.yaml"), sealed.out());
    Run unsealed = launcher(home, "unseal", "--key", key.toString(), "-f", sealedFile.toString());

    assertThat(first.exitCode()).as(first.err()).isEqualTo(ScanCommand.FINDINGS);
    assertThat(first.out()).contains("privileged");
    assertThat(second.exitCode()).as(second.err()).isEqualTo(ScanCommand.FINDINGS);
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(second.err()).doesNotContain("making the start-up cache");
    assertThat(sealed.exitCode()).as(sealed.err()).isZero();
    assertThat(sealed.out()).contains("kind: \"SealedSecret\"").doesNotContain("launcher-secret");
    assertThat(unsealed.exitCode()).as(unsealed.err()).isZero();
    assertThat(unsealed.out()).contains("kind: \"Secret\"");
  }

  @Test
  void oldStartupCachesAreCleanedAndTheScanStillRuns() throws Exception {
    Path home = Files.createDirectory(work.resolve("old-caches-home"));
    Path startup = Files.createDirectories(home.resolve(".cache/bulwark/startup"));
    for (int i = 0; i < 5; i++) {
      Files.writeString(startup.resolve("bulwark-old" + i + ".aot"), "stale");
    }

    Run run = launcher(home, "scan", pod.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ScanCommand.FINDINGS);
    assertThat(startupCaches(home).size()).isLessThanOrEqualTo(3);
  }

  @Test
  void aHomeWhereNoCacheCanBeMadeRunsWithoutOneAndSaysSo() throws Exception {
    Path home = Files.writeString(work.resolve("home-is-a-file"), "not a directory");

    Run run = launcher(home, "scan", pod.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ScanCommand.FINDINGS);
    assertThat(run.err()).contains("running without a start-up cache");
  }
}
