package dev.bulwark.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * Where the passphrase of a key backup comes from: {@code --passphrase-file FILE} (its first line;
 * {@code -} for standard input), {@code --passphrase-env VAR}, else a prompt on the terminal. There
 * is deliberately no option taking the passphrase itself: every user of the machine could read it
 * in {@code ps} and the shell history keeps it. The passphrase is a {@code char[]} that callers
 * wipe after use.
 */
final class PassphraseOptions {

  /** The shortest passphrase a new backup accepts. */
  static final int MIN_LENGTH = 12;

  /** A passphrase file larger than this is not a passphrase file. */
  private static final int MAX_FILE_BYTES = 64 * 1024;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description =
          "read the passphrase from the first line of FILE; - reads standard input (e.g. piped"
              + " from a password manager)")
  Path passphraseFile;

  @Option(
      names = "--passphrase-env",
      paramLabel = "VAR",
      description =
          "read the passphrase from the environment variable VAR (its name, not the value)")
  String passphraseEnv;

  /** The environment; tests replace it. */
  Function<String, String> environment = System::getenv;

  /** The terminal to prompt on, or null when there is none; tests replace it. */
  Supplier<Console> console = System::console;

  /** Standard input, for {@code --passphrase-file -}; tests replace it. */
  Supplier<InputStream> stdin = () -> System.in;

  /** The passphrase a new backup is encrypted under: asked twice on a terminal, long enough. */
  char[] forBackup() throws CliException {
    char[] passphrase = read("Passphrase for the new key backup: ", true);
    if (passphrase.length < MIN_LENGTH) {
      Arrays.fill(passphrase, '\0');
      throw new CliException(
          "the passphrase has fewer than "
              + MIN_LENGTH
              + " characters; whoever gets the backup file can try passphrases offline, so use a"
              + " long one (e.g. five random words)");
    }
    return passphrase;
  }

  /** The passphrase of an existing backup. */
  char[] forRestore() throws CliException {
    return read("Passphrase of the key backup: ", false);
  }

  private char[] read(String prompt, boolean confirm) throws CliException {
    if (passphraseFile != null && passphraseEnv != null) {
      throw new CliException("give --passphrase-file or --passphrase-env, not both");
    }
    char[] passphrase;
    if (passphraseFile != null) {
      passphrase = fromFile();
    } else if (passphraseEnv != null) {
      String value = environment.apply(passphraseEnv);
      if (value == null) {
        throw new CliException("environment variable " + passphraseEnv + " is not set");
      }
      passphrase = value.toCharArray();
    } else {
      passphrase = prompt(prompt, confirm);
    }
    if (passphrase.length == 0) {
      throw new CliException("the passphrase is empty");
    }
    return passphrase;
  }

  private char[] prompt(String prompt, boolean confirm) throws CliException {
    Console terminal = console.get();
    if (terminal == null) {
      throw new CliException(
          "no passphrase: give --passphrase-file FILE or --passphrase-env VAR (there is no"
              + " terminal to ask on)");
    }
    char[] first = terminal.readPassword("%s", prompt);
    if (first == null) {
      throw new CliException("no passphrase entered");
    }
    if (confirm) {
      char[] second = terminal.readPassword("%s", "Repeat it: ");
      boolean same = second != null && Arrays.equals(first, second);
      if (second != null) {
        Arrays.fill(second, '\0');
      }
      if (!same) {
        Arrays.fill(first, '\0');
        throw new CliException("the two passphrases differ");
      }
    }
    return first;
  }

  /** The first line of the file (without its line break), decoded as UTF-8. */
  private char[] fromFile() throws CliException {
    boolean standardInput = "-".equals(passphraseFile.toString());
    String where = standardInput ? "stdin" : passphraseFile.toString();
    byte[] bytes;
    try {
      if (standardInput) {
        bytes = readBounded(stdin.get(), where); // not closed: standard input is not ours
      } else {
        try (InputStream in = Files.newInputStream(passphraseFile)) {
          bytes = readBounded(in, where);
        }
      }
    } catch (IOException e) {
      throw new CliException(where + ": cannot read the passphrase (" + e.getMessage() + ")");
    }
    int end = 0;
    while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
      end++;
    }
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 0, end));
      char[] passphrase = Arrays.copyOf(chars.array(), chars.limit());
      Arrays.fill(chars.array(), '\0');
      return passphrase;
    } catch (CharacterCodingException e) {
      throw new CliException(where + ": the passphrase is not UTF-8 text");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static byte[] readBounded(InputStream in, String where) throws IOException, CliException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      out.write(buffer, 0, n);
      if (out.size() > MAX_FILE_BYTES) {
        throw new CliException(
            where + ": larger than " + MAX_FILE_BYTES + " bytes; not a passphrase");
      }
    }
    Arrays.fill(buffer, (byte) 0);
    return out.toByteArray();
  }
}
