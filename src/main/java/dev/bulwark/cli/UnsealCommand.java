package dev.bulwark.cli;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.seal.SecretUnsealer;
import dev.bulwark.seal.UnsealException;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Offline recovery: opens a SealedSecret with private keys from a backup, no cluster needed. */
@Command(
    name = "unseal",
    mixinStandardHelpOptions = true,
    description = {
      "Decrypt a SealedSecret offline with private keys and print the Secret.",
      "Reads bulwark.dev/v1alpha1 and bitnami.com/v1alpha1. For disaster recovery: the output",
      "holds plaintext."
    })
public final class UnsealCommand implements Callable<Integer> {

  @Mixin SealedSecretInput input;

  @Mixin KeyOptions keys;

  @Mixin PassphraseOptions passphrase;

  @Mixin OutputOptions output;

  @Mixin CommandFailure failure;

  @Override
  public Integer call() {
    try {
      SealedSecret sealed = input.read();
      Secret secret = new SecretUnsealer(keys.ring(passphrase)).unseal(sealed);
      output.print(secret);
      return 0;
    } catch (CliException | UnsealException e) {
      return failure.report(e);
    }
  }
}
