package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** What `bulwark --help` and a mistyped option show a user. */
class CommandHelpTest {

  /**
   * `bulwark --help` lists each command with the first line of its description, so that line must
   * be a whole sentence rather than the start of one.
   */
  @Test
  void everyCommandSummaryIsAWholeSentence() {
    Map<String, CommandLine> commands = new CommandLine(new Main()).getSubcommands();
    assertThat(commands).isNotEmpty();
    commands.forEach(
        (name, command) -> {
          String[] description = command.getCommandSpec().usageMessage().description();
          assertThat(description).as(name).isNotEmpty();
          assertThat(description[0].strip()).as("summary of " + name).endsWith(".");
        });
    CliRun help = CliRun.of("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("reseal         Re-encrypt a SealedSecret with the newest");
  }

  /** A bad value names the option and the allowed values, never a Java exception class. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--level, strict, level must be one of privileged, baseline, restricted",
    "--version, 9, version must be \"latest\" or \"v1.N\"",
  })
  void badOptionValueIsExplainedWithoutJavaInternals(String option, String value, String says) {
    CliRun run = CliRun.of("scan", option, value, "-");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Invalid value for option '" + option + "'", says);
    assertThat(run.err()).doesNotContain("java.lang", "Exception");
  }

  /** `bulwark operator --help` names every timing `--timing` accepts, no more and no fewer. */
  @Test
  void theTimingOptionNamesEveryOperatorTiming() {
    CliRun help = CliRun.of("operator", "--help");
    assertThat(help.exitCode()).isZero();
    String text = help.out().replaceAll("\\s+", " ");
    for (String name : dev.bulwark.operator.OperatorTimings.names()) {
      assertThat(text).as(name).contains(name);
    }
  }

  /** A mistyped timing name or value is refused with the known names, before anything starts. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "settle=1s, unknown timing 'settle'; known: settleCheck",
    "settleCheck=soon, is not a duration like 720h",
    "settleCheck=0, settleCheck must be a positive duration",
  })
  void aBadTimingIsExplained(String timing, String says) {
    CliRun run = CliRun.of("operator", "--kubeconfig=/nonexistent", "--timing", timing);
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("--timing", says);
    assertThat(run.err()).doesNotContain("java.lang", "Exception");
  }
}
