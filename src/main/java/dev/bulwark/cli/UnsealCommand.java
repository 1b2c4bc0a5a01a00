package dev.bulwark.cli;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.seal.SecretUnsealer;
import dev.bulwark.seal.UnsealException;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Offline recovery: opens a SealedSecret with private keys from a backup, no cluster needed. */
@Command(
    name = "unseal",
    mixinStandardHelpOptions = true,
    description = {
      "Decrypt a SealedSecret (bulwark.dev/v1alpha1 or bitnami.com/v1alpha1) offline with",
      "private keys and print the Secret. For disaster recovery: the output holds plaintext."
    })
public final class UnsealCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KeyOptions keys;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      defaultValue = "-",
      description = "SealedSecret manifest, YAML or JSON; - for stdin (default)")
  String file;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "yaml",
      converter = OutputFormat.Converter.class,
      description = "yaml (default) or json")
  OutputFormat output;

  @Override
  public Integer call() {
    try {
      SealedSecret sealed = SealedSecretInput.read(file, System.in);
      Secret secret = new SecretUnsealer(keys.ring()).unseal(sealed);
      spec.commandLine().getOut().print(ManifestIo.write(secret, output));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (CliException | UnsealException e) {
      spec.commandLine().getErr().println("bulwark unseal: " + e.getMessage());
      return 1;
    }
  }
}
