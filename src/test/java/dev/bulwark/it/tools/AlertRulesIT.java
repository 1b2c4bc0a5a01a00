package dev.bulwark.it.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's alert rules checked and unit-tested by Prometheus's own promtool (built from its Go
 * module by scripts/build-promtool.sh): {@code promtool check rules} and {@code promtool test
 * rules} with src/test/resources/prometheus/alerts_test.yaml, where every alert has a case that
 * fires and one that does not.
 */
class AlertRulesIT {

  private static final Path ROOT = Path.of(System.getProperty("bulwark.repo.root", "."));
  private static final Path RULES = ROOT.resolve("deploy/helm/bulwark/files/alerts.yaml");
  private static final Path TESTS = ROOT.resolve("src/test/resources/prometheus/alerts_test.yaml");

  private record Run(int exitCode, String output) {}

  @Test
  void rulesPassPromtoolCheck() throws Exception {
    Run check = promtool("check", "rules", RULES.toString());
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertHasUnitTestsThatPass(@TempDir Path tmp) throws Exception {
    Files.copy(RULES, tmp.resolve("alerts.yaml"));
    Files.copy(TESTS, tmp.resolve("alerts_test.yaml"));
    Run test = promtool("test", "rules", tmp.resolve("alerts_test.yaml").toString());
    assertThat(test.exitCode()).as(test.output()).isZero();
    // Every alert in the rules appears in a test that expects it to fire.
    List<String> alerts = new ArrayList<>();
    for (String line : Files.readAllLines(RULES)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("- alert: ")) {
        alerts.add(trimmed.substring("- alert: ".length()).strip());
      }
    }
    String tests = Files.readString(TESTS);
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(8);
    for (String alert : alerts) {
      assertThat(tests).as(alert).contains("alertname: " + alert + "\n        exp_alerts:\n");
      assertThat(tests).as(alert).contains("alertname: " + alert + "\n        exp_alerts: []");
    }
  }

  @Test
  void aBrokenExpectationFailsTheUnitTests(@TempDir Path tmp) throws Exception {
    // The oracle can fail: a test expecting the wrong severity is reported as a failure.
    Files.copy(RULES, tmp.resolve("alerts.yaml"));
    Files.writeString(
        tmp.resolve("alerts_test.yaml"),
        Files.readString(TESTS)
            .replace("{severity: info, key: k-old}", "{severity: page, key: k-old}"));
    Run test = promtool("test", "rules", tmp.resolve("alerts_test.yaml").toString());
    assertThat(test.exitCode()).as(test.output()).isNotZero();
    assertThat(test.output()).contains("BulwarkSealedSecretsOnOldKey");
  }

  /** Runs promtool at -Dbulwark.promtool, else where scripts/build-promtool.sh puts it. */
  private static Run promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("promtool timed out: " + command);
    }
    return new Run(process.exitValue(), output);
  }

  private static Path binary() {
    String explicit = System.getProperty("bulwark.promtool");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String version = System.getProperty("bulwark.promtool.version", "v0.316.0");
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        xdg == null || xdg.isBlank()
            ? dev.bulwark.localcluster.UserHome.get().resolve(".cache")
            : Path.of(xdg);
    Path binary = cache.resolve("bulwark").resolve("promtool-" + version).resolve("promtool");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "promtool not found at "
              + binary
              + ": run scripts/build-promtool.sh (scripts/test.sh does) or set -Dbulwark.promtool");
    }
    return binary;
  }
}
