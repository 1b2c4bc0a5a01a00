package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.seal.BackedUpKey;
import dev.bulwark.seal.KeyBackupFile;
import dev.bulwark.seal.KeyPem;
import dev.bulwark.seal.SealingKey;
import dev.bulwark.seal.SealingKeyGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark keys} without a cluster: bad input is refused before any cluster is contacted (the
 * kubeconfig given does not exist, so reaching for it would say so), with one line naming the file
 * and no key material.
 */
class KeysCommandTest {

  private static final String PASSPHRASE = "a long enough passphrase";

  @TempDir static Path dir;
  private static Path backup;
  private static Path passphrase;
  private static SealingKey key;

  @BeforeAll
  static void writeABackup() throws Exception {
    key = new SealingKeyGenerator(2048, Clock.systemUTC(), new SecureRandom()).generate("k");
    backup = dir.resolve("backup.p12");
    Files.write(
        backup,
        KeyBackupFile.write(List.of(BackedUpKey.active("k", key)), PASSPHRASE.toCharArray()));
    passphrase = dir.resolve("passphrase");
    Files.writeString(passphrase, PASSPHRASE + "\n");
  }

  private static CliRun restore(Path file, Path passphraseFile) {
    return CliRun.of(
        "keys",
        "restore",
        "-f",
        file.toString(),
        "--passphrase-file",
        passphraseFile.toString(),
        "--kubeconfig",
        dir.resolve("no-such-kubeconfig").toString());
  }

  private static void assertNoKeyMaterial(CliRun run) {
    String printed = run.out() + run.err();
    assertThat(printed).doesNotContain("PRIVATE KEY");
    assertThat(printed).doesNotContain(key.privateKey().getPrivateExponent().toString(16));
  }

  @Test
  void keysWithoutASubcommandIsAUsageError() {
    CliRun run = CliRun.of("keys");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("a subcommand is required: backup or restore");
  }

  @Test
  void helpNamesTheFormatAndThePassphraseSourcesAndNoPassphraseArgument() {
    CliRun backupHelp = CliRun.of("keys", "backup", "--help");
    CliRun restoreHelp = CliRun.of("keys", "restore", "--help");

    assertThat(backupHelp.out())
        .contains("PKCS#12", "AES-256-CBC", "--passphrase-file", "--passphrase-env", "--force");
    assertThat(restoreHelp.out())
        .contains("Bitnami", "sealed-secrets-key", "--dry-run", "writes nothing");
    assertThat(backupHelp.out() + restoreHelp.out()).doesNotContainPattern("--passphrase[ =]");
  }

  @Test
  void wrongPassphraseIsRefusedBeforeTheClusterIsContacted() throws Exception {
    Path wrong = dir.resolve("wrong-passphrase");
    Files.writeString(wrong, "not the passphrase at all\n");

    CliRun run = restore(backup, wrong);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "bulwark keys restore: "
                + backup
                + ": wrong passphrase, or the file was changed after it was written (its PKCS#12"
                + " integrity check failed)"
                + System.lineSeparator());
    assertThat(run.out()).isEmpty();
    assertNoKeyMaterial(run);
  }

  @Test
  void aTamperedFileIsRefusedBeforeTheClusterIsContacted() throws Exception {
    byte[] content = Files.readAllBytes(backup);
    content[content.length / 2] ^= 0x10;
    Path tampered = dir.resolve("tampered.p12");
    Files.write(tampered, content);

    CliRun run = restore(tampered, passphrase);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("bulwark keys restore: " + tampered + ": ");
    assertThat(run.err()).doesNotContain("kubeconfig");
    assertNoKeyMaterial(run);
  }

  @Test
  void aPemKeyIsRefusedAsARestoreSource() throws Exception {
    Path pem = dir.resolve("tls.key");
    Files.writeString(pem, KeyPem.write(key.privateKey()));

    CliRun run = restore(pem, passphrase);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(pem + ": a PEM key has no certificate to seal with");
    assertNoKeyMaterial(run);
  }

  /** Offline recovery straight from the encrypted backup: no plaintext key file needed. */
  @Test
  void unsealAndResealTakeTheBackupFileAsKey() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Files.writeString(cert, KeyPem.write(key.certificate().orElseThrow()));
    Path secret = dir.resolve("secret.yaml");
    Files.writeString(
        secret,
        "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\n"
            + "stringData: {password: s3cr3t-from-backup}\n");
    CliRun sealed = CliRun.of("seal", "-f", secret.toString(), "--cert", cert.toString());
    assertThat(sealed.exitCode()).as(sealed.err()).isZero();
    Path sealedFile = dir.resolve("sealed.yaml");
    Files.writeString(sealedFile, sealed.out());

    CliRun unsealed =
        CliRun.of(
            "unseal",
            "--key",
            backup.toString(),
            "--passphrase-file",
            passphrase.toString(),
            "-f",
            sealedFile.toString());

    assertThat(unsealed.exitCode()).as(unsealed.err()).isZero();
    assertThat(unsealed.out())
        .contains(
            java.util.Base64.getEncoder()
                .encodeToString(
                    "s3cr3t-from-backup".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    CliRun wrong =
        CliRun.of(
            "reseal",
            "--key",
            backup.toString(),
            "--passphrase-env",
            "NO_SUCH_VARIABLE_FOR_THIS_TEST",
            "--cert",
            cert.toString(),
            "-f",
            sealedFile.toString());
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err())
        .contains("environment variable NO_SUCH_VARIABLE_FOR_THIS_TEST is not set");
  }

  @Test
  void backupNeverReplacesAnExistingFileUnlessForced() throws Exception {
    Path existing = dir.resolve("existing.p12");
    Files.writeString(existing, "an older backup");

    CliRun run =
        CliRun.of(
            "keys",
            "backup",
            "-o",
            existing.toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--kubeconfig",
            dir.resolve("no-such-kubeconfig").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(existing + ": exists; name a new file or add --force");
    assertThat(Files.readString(existing)).isEqualTo("an older backup");
  }
}
