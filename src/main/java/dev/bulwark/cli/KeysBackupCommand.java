package dev.bulwark.cli;

import dev.bulwark.seal.BackedUpKey;
import dev.bulwark.seal.ClusterSealingKeys;
import dev.bulwark.seal.ClusterSealingKeys.BackupSelection;
import dev.bulwark.seal.KeyBackupFile;
import dev.bulwark.seal.KeyFormatException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulwark keys backup -o FILE}: every active sealing key into a PKCS#12 file. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Write every sealing key (the one that seals and the older ones that still unseal) to a"
          + " passphrase-protected PKCS#12 file.",
      "Encrypted with PBES2 (PBKDF2-HMAC-SHA256, 600000 iterations, AES-256-CBC) under an"
          + " HMAC-SHA256 integrity check; plaintext keys stay in memory. The file is created"
          + " readable by its owner only, then read back and checked.",
      "Passphrase: --passphrase-file or --passphrase-env, else asked twice on the terminal"
          + " (at least 12 characters; never an argument, which ps would show).",
      "Inspect a backup with `openssl pkcs12 -info -noout -in FILE`. Keys labelled"
          + " compromised are left out. Needs get and list on Secrets in the operator namespace.",
    })
public final class KeysBackupCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      required = true,
      description = "the backup file to create (PKCS#12, e.g. sealing-keys-2026-12.p12)")
  Path output;

  @Option(names = "--force", description = "replace FILE if it exists")
  boolean force;

  @Mixin ClusterOptions cluster;

  @Mixin PassphraseOptions passphrase;

  @Mixin CommandFailure failure;

  @Override
  public Integer call() {
    char[] secret = null;
    try {
      if (!force && Files.exists(output)) {
        throw new CliException(output + ": exists; name a new file or add --force");
      }
      secret = passphrase.forBackup();
      BackupSelection selection = select();
      byte[] file = KeyBackupFile.write(selection.keys(), secret);
      write(file);
      checkReadBack(selection.keys(), secret);
      report(selection);
      return 0;
    } catch (CliException e) {
      return failure.report(e);
    } finally {
      if (secret != null) {
        Arrays.fill(secret, '\0');
      }
    }
  }

  private BackupSelection select() throws CliException {
    String namespace = cluster.controllerNamespace;
    try (KubernetesClient client = cluster.client()) {
      BackupSelection selection =
          new ClusterSealingKeys(client, namespace).forBackup(Instant.now());
      if (selection.keys().isEmpty()) {
        throw new CliException(
            "no active sealing key in namespace "
                + namespace
                + "; is the operator running there? (--controller-namespace)");
      }
      return selection;
    } catch (KeyFormatException e) {
      throw new CliException(e.getMessage());
    } catch (KubernetesClientException e) {
      throw new CliException(
          "cannot read the key Secrets of namespace " + namespace + ": " + rootCause(e));
    }
  }

  /**
   * Creates the file readable by its owner only. With {@code --force} the content goes first to
   * {@code .FILE.new} beside it (created new, so never through a planted link; encrypted like the
   * result) and then replaces FILE in one rename, so an old backup is never half overwritten.
   */
  private void write(byte[] content) throws CliException {
    Path absolute = output.toAbsolutePath();
    FileAttribute<?>[] ownerOnly =
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    Path target = force ? absolute.resolveSibling("." + absolute.getFileName() + ".new") : absolute;
    try {
      Files.createFile(target, ownerOnly);
    } catch (FileAlreadyExistsException e) {
      throw new CliException(
          target
              + (force
                  ? ": exists (left by an interrupted backup?); remove it and try again"
                  : ": exists; name a new file or add --force"));
    } catch (IOException e) {
      throw new CliException(target + ": cannot create (" + e.getMessage() + ")");
    }
    try {
      Files.write(target, content, StandardOpenOption.TRUNCATE_EXISTING);
      if (force) {
        Files.move(
            target, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(target);
      } catch (IOException ignored) {
        // the write error below is the one to report
      }
      throw new CliException(output + ": cannot write (" + e.getMessage() + ")");
    }
  }

  /** Reads the file back from disk and checks it holds exactly the keys meant. */
  private void checkReadBack(List<BackedUpKey> keys, char[] secret) throws CliException {
    try {
      Set<BigInteger> written =
          KeyBackupFile.read(Files.readAllBytes(output), output.toString(), secret).stream()
              .map(k -> k.key().privateKey().getModulus())
              .collect(Collectors.toSet());
      Set<BigInteger> meant =
          keys.stream().map(k -> k.key().privateKey().getModulus()).collect(Collectors.toSet());
      if (!written.equals(meant)) {
        throw new CliException(output + ": read back, it does not hold the keys written");
      }
    } catch (IOException e) {
      throw new CliException(output + ": cannot read it back (" + e.getMessage() + ")");
    } catch (KeyFormatException e) {
      throw new CliException("reading the new backup back failed: " + e.getMessage());
    }
  }

  private void report(BackupSelection selection) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "Wrote "
            + selection.keys().size()
            + " sealing key(s) of namespace "
            + cluster.controllerNamespace
            + " to "
            + output
            + " (PKCS#12), read back and checked:");
    for (BackedUpKey key : selection.keys()) {
      out.println("  " + KeyBackupListing.describe(key));
    }
    for (String leftOut : selection.leftOut()) {
      out.println("  left out: " + leftOut);
    }
    out.flush();
  }

  static String rootCause(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }
}
