package dev.bulwark.cli;

import dev.bulwark.seal.BackedUpKey;
import dev.bulwark.seal.KeyBackupFile;
import dev.bulwark.seal.KeyFiles;
import dev.bulwark.seal.KeyFormatException;
import dev.bulwark.seal.SealingKey;
import dev.bulwark.seal.SealingKeyRing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --key FILE...}: private keys for offline unsealing, every form kubeseal accepts, and a
 * {@code bulwark keys backup} file, decrypted in memory.
 */
final class KeyOptions {

  @Option(
      names = "--key",
      paramLabel = "FILE",
      required = true,
      arity = "1..*",
      description =
          "private key: PEM (PKCS#1 or PKCS#8), a key Secret manifest, a List of them, or a"
              + " `bulwark keys backup` PKCS#12 file (its passphrase from --passphrase-file,"
              + " --passphrase-env or the terminal); repeat for several")
  List<Path> keyFiles;

  /** The keys of every file; asks {@code passphrase} once, and only for a PKCS#12 file. */
  SealingKeyRing ring(PassphraseOptions passphrase) throws CliException {
    List<SealingKey> keys = new ArrayList<>();
    char[] secret = null;
    try {
      for (Path file : keyFiles) {
        byte[] content;
        try {
          content = Files.readAllBytes(file);
        } catch (IOException e) {
          throw new CliException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (KeyBackupFile.looksLikePkcs12(content)) {
          if (secret == null) {
            secret = passphrase.forRestore();
          }
          for (BackedUpKey entry : KeyBackupFile.read(content, file.toString(), secret)) {
            keys.add(entry.key());
          }
          Arrays.fill(content, (byte) 0);
        } else {
          keys.addAll(KeyFiles.read(file));
        }
      }
    } catch (KeyFormatException e) {
      throw new CliException(e.getMessage());
    } finally {
      if (secret != null) {
        Arrays.fill(secret, '\0');
      }
    }
    return new SealingKeyRing(keys);
  }
}
