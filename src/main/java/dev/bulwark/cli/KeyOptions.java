package dev.bulwark.cli;

import dev.bulwark.seal.KeyFiles;
import dev.bulwark.seal.KeyFormatException;
import dev.bulwark.seal.SealingKey;
import dev.bulwark.seal.SealingKeyRing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --key FILE...}: private keys for offline unsealing, every form kubeseal accepts. */
final class KeyOptions {

  @Option(
      names = "--key",
      paramLabel = "FILE",
      required = true,
      arity = "1..*",
      description =
          "private key: PEM (PKCS#1 or PKCS#8), a key Secret manifest, or a List of them"
              + " (e.g. a key backup); repeat for several")
  List<Path> keyFiles;

  SealingKeyRing ring() throws CliException {
    List<SealingKey> keys = new ArrayList<>();
    for (Path file : keyFiles) {
      try {
        keys.addAll(KeyFiles.read(file));
      } catch (KeyFormatException e) {
        throw new CliException(e.getMessage());
      }
    }
    return new SealingKeyRing(keys);
  }
}
