package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a key backup's passphrase comes from, and what is refused. */
class PassphraseOptionsTest {

  @TempDir Path dir;

  private static PassphraseOptions options() {
    PassphraseOptions options = new PassphraseOptions();
    options.environment = Map.<String, String>of()::get;
    options.console = () -> null;
    return options;
  }

  @Test
  void aFileGivesItsFirstLineWithoutTheLineBreak() throws Exception {
    Path file = dir.resolve("passphrase");
    Files.writeString(file, "Grüße aus Köln, 2026\r\nsecond line\n", StandardCharsets.UTF_8);
    PassphraseOptions options = options();
    options.passphraseFile = file;

    assertThat(new String(options.forBackup())).isEqualTo("Grüße aus Köln, 2026");
  }

  @Test
  void dashReadsStandardInput() throws Exception {
    PassphraseOptions options = options();
    options.passphraseFile = Path.of("-");
    options.stdin =
        () -> new ByteArrayInputStream("piped from a vault\n".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(options.forRestore())).isEqualTo("piped from a vault");
  }

  @Test
  void anEnvironmentVariableIsNamedNotGiven() throws Exception {
    PassphraseOptions options = options();
    options.environment = Map.of("BACKUP_PASSPHRASE", "from the environment")::get;
    options.passphraseEnv = "BACKUP_PASSPHRASE";

    assertThat(new String(options.forRestore())).isEqualTo("from the environment");

    options.passphraseEnv = "UNSET_VARIABLE";
    assertThatThrownBy(options::forRestore)
        .isInstanceOf(CliException.class)
        .hasMessage("environment variable UNSET_VARIABLE is not set");
  }

  @Test
  void withoutASourceOrATerminalTheErrorSaysWhatToGive() {
    assertThatThrownBy(() -> options().forRestore())
        .isInstanceOf(CliException.class)
        .hasMessageContaining("give --passphrase-file FILE or --passphrase-env VAR");
  }

  @Test
  void aNewBackupNeedsALongPassphrase() throws Exception {
    Path file = dir.resolve("short");
    Files.writeString(file, "hunter2\n");
    PassphraseOptions options = options();
    options.passphraseFile = file;

    assertThatThrownBy(options::forBackup)
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith("the passphrase has fewer than 12 characters")
        .hasMessageNotContaining("hunter2");
    assertThat(new String(options.forRestore())).isEqualTo("hunter2");
  }

  @Test
  void bothSourcesAtOnceAreRefused() {
    PassphraseOptions options = options();
    options.passphraseFile = Path.of("x");
    options.passphraseEnv = "Y";

    assertThatThrownBy(options::forRestore)
        .isInstanceOf(CliException.class)
        .hasMessage("give --passphrase-file or --passphrase-env, not both");
  }

  @Test
  void anEmptyPassphraseIsRefused() throws Exception {
    Path file = dir.resolve("empty");
    Files.writeString(file, "\n");
    PassphraseOptions options = options();
    options.passphraseFile = file;

    assertThatThrownBy(options::forRestore)
        .isInstanceOf(CliException.class)
        .hasMessage("the passphrase is empty");
  }
}
