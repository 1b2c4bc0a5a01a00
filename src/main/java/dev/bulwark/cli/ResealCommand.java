package dev.bulwark.cli;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.seal.SealingScope;
import dev.bulwark.seal.SecretSealer;
import dev.bulwark.seal.SecretUnsealer;
import dev.bulwark.seal.UnsealException;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** After a key renewal: re-encrypts a SealedSecret with the newest certificate, same scope. */
@Command(
    name = "reseal",
    mixinStandardHelpOptions = true,
    description = {
      "Re-encrypt a SealedSecret with the newest sealing certificate, keeping its scope,",
      "metadata and template. Needs the private keys that open it (--key)."
    })
public final class ResealCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KeyOptions keys;

  @Mixin ClusterOptions cluster;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      defaultValue = "-",
      description = "SealedSecret manifest, YAML or JSON; - for stdin (default)")
  String file;

  @Option(
      names = "--cert",
      paramLabel = "FILE",
      description = "PEM certificate to seal with (default: the cluster's)")
  Path cert;

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
      Secret opened = new SecretUnsealer(keys.ring()).unseal(sealed);
      Map<String, byte[]> values = new TreeMap<>();
      opened.getData().forEach((k, v) -> values.put(k, Base64.getDecoder().decode(v)));
      RSAPublicKey key = (RSAPublicKey) SealingCertificateSource.load(cert, cluster).getPublicKey();
      SealingScope scope = SealingScope.fromAnnotations(sealed.getMetadata().getAnnotations());
      sealed
          .getSpec()
          .setEncryptedData(
              new SecretSealer(key)
                  .sealValues(
                      values,
                      scope,
                      sealed.getMetadata().getNamespace(),
                      sealed.getMetadata().getName()));
      sealed.setStatus(null);
      spec.commandLine().getOut().print(ManifestIo.write(sealed, output));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (CliException | UnsealException e) {
      spec.commandLine().getErr().println("bulwark reseal: " + e.getMessage());
      return 1;
    }
  }
}
