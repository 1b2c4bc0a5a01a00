package dev.bulwark.cli;

import dev.bulwark.scan.ManifestText;
import dev.bulwark.seal.BackedUpKey;
import dev.bulwark.seal.ClusterSealingKeys;
import dev.bulwark.seal.ClusterSealingKeys.Restored;
import dev.bulwark.seal.KeyBackupFile;
import dev.bulwark.seal.KeyFiles;
import dev.bulwark.seal.KeyFormatException;
import dev.bulwark.seal.KeyRestorePlan;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulwark keys restore -f FILE}: backed-up sealing keys into the operator namespace. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Put the sealing keys of a backup into the operator namespace as new key Secrets.",
      "FILE is a `bulwark keys backup` file (PKCS#12; any PKCS#12 file with a MAC, RSA keys and"
          + " their certificates) or key Secrets as YAML/JSON, e.g. Bitnami's from `kubectl get"
          + " secret -n kube-system -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml`.",
      "The whole file is decrypted and checked before anything is written: a wrong passphrase,"
          + " a changed byte or an untrustworthy key writes nothing. Keys the namespace already"
          + " holds (same key under any name) are skipped, keys labelled compromised are left"
          + " out, and no existing Secret is changed, so a newer key keeps sealing. Running it"
          + " twice is harmless.",
      "Passphrase (PKCS#12 only): --passphrase-file or --passphrase-env, else asked on the"
          + " terminal. Needs list and create on Secrets in the operator namespace.",
    })
public final class KeysRestoreCommand implements Callable<Integer> {

  /** A key backup larger than this is not one (thousands of keys fit in 16 MiB). */
  static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      required = true,
      description = "the backup: PKCS#12 from `bulwark keys backup`, or key Secrets YAML/JSON")
  Path file;

  @Option(
      names = "--dry-run",
      description = "decrypt and check the backup, say what would be restored, write nothing")
  boolean dryRun;

  @Mixin ClusterOptions cluster;

  @Mixin PassphraseOptions passphrase;

  @Mixin CommandFailure failure;

  @Override
  public Integer call() {
    try {
      List<BackedUpKey> keys = read();
      restore(keys);
      return 0;
    } catch (CliException e) {
      return failure.report(e);
    }
  }

  private List<BackedUpKey> read() throws CliException {
    byte[] content;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new CliException(file + ": larger than 16 MiB; not a key backup");
      }
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliException(file + ": cannot read (" + e.getMessage() + ")");
    }
    try {
      if (KeyBackupFile.looksLikePkcs12(content)) {
        char[] secret = passphrase.forRestore();
        try {
          return KeyBackupFile.read(content, file.toString(), secret);
        } finally {
          Arrays.fill(secret, '\0');
        }
      }
      return KeyFiles.readKeySecrets(file, ManifestText.decode(content));
    } catch (KeyFormatException e) {
      throw new CliException(e.getMessage());
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  private void restore(List<BackedUpKey> keys) throws CliException {
    String namespace = cluster.controllerNamespace;
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = cluster.client()) {
      ClusterSealingKeys target = new ClusterSealingKeys(client, namespace);
      if (!target.namespaceExists()) {
        throw new CliException(
            "namespace "
                + namespace
                + " does not exist: install the operator first, or `kubectl create namespace "
                + namespace
                + "` (--controller-namespace names another)");
      }
      KeyRestorePlan plan;
      try {
        plan = KeyRestorePlan.of(keys, target.keySecrets(), Instant.now());
      } catch (KeyFormatException e) {
        throw new CliException(file + ": " + e.getMessage() + "; nothing restored");
      }
      if (dryRun) {
        for (BackedUpKey key : plan.restore()) {
          out.println("would restore " + KeyBackupListing.describe(key));
        }
      } else {
        List<Restored> restored;
        try {
          restored = target.restore(plan);
        } catch (KubernetesClientException e) {
          throw new CliException(
              "cannot create a key Secret in namespace "
                  + namespace
                  + ": "
                  + KeysBackupCommand.rootCause(e)
                  + " (keys restored before this stay; running restore again skips them)");
        }
        for (Restored done : restored) {
          out.println(
              "restored "
                  + KeyBackupListing.describe(done.key())
                  + " as Secret "
                  + namespace
                  + "/"
                  + done.secretName());
        }
      }
      for (KeyRestorePlan.Skipped skipped : plan.skipped()) {
        out.println("skipped " + skipped.key().name() + ": " + skipped.reason());
      }
      out.println(
          (dryRun ? "Would restore " : "Restored ")
              + plan.restore().size()
              + ", skipped "
              + plan.skipped().size()
              + " of "
              + keys.size()
              + " key(s) from "
              + file
              + (dryRun
                  ? " (dry run: nothing written)."
                  : "; the operator loads them within seconds (the newest key keeps sealing)."));
      out.flush();
    } catch (KubernetesClientException e) {
      throw new CliException(
          "cannot read the key Secrets of namespace "
              + namespace
              + ": "
              + KeysBackupCommand.rootCause(e));
    }
  }
}
