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
import picocli.CommandLine.Option;

/** After a key renewal: re-encrypts a SealedSecret with the newest certificate, same scope. */
@Command(
    name = "reseal",
    mixinStandardHelpOptions = true,
    description = {
      "Re-encrypt a SealedSecret with the newest sealing certificate.",
      "Keeps its scope, metadata and template. Needs the private keys that open it (--key)."
    })
public final class ResealCommand implements Callable<Integer> {

  @Mixin SealedSecretInput input;

  @Mixin KeyOptions keys;

  @Mixin PassphraseOptions passphrase;

  @Mixin ClusterOptions cluster;

  @Mixin OutputOptions output;

  @Mixin CommandFailure failure;

  @Option(
      names = "--cert",
      paramLabel = "FILE",
      description = "PEM certificate to seal with (default: the cluster's)")
  Path cert;

  /** As SecretSealer writes it: the scope also in the template, for kubeseal --re-encrypt. */
  private static void keepScopeInTemplate(SealedSecret sealed, SealingScope scope) {
    if (sealed.getSpec().getTemplate() == null) {
      sealed.getSpec().setTemplate(new dev.bulwark.api.SecretTemplate());
    }
    var template = sealed.getSpec().getTemplate();
    if (template.getMetadata() == null) {
      template.setMetadata(new dev.bulwark.api.TemplateMetadata());
    }
    Map<String, String> annotations =
        template.getMetadata().getAnnotations() == null
            ? new TreeMap<>()
            : new TreeMap<>(template.getMetadata().getAnnotations());
    scope.writeTo(annotations);
    template.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
  }

  @Override
  public Integer call() {
    try {
      SealedSecret sealed = input.read();
      Secret opened = new SecretUnsealer(keys.ring(passphrase)).unseal(sealed);
      Map<String, byte[]> values = new TreeMap<>();
      opened.getData().forEach((k, v) -> values.put(k, Base64.getDecoder().decode(v)));
      RSAPublicKey key = SealingCertificateSource.publicKey(cert, cluster);
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
      keepScopeInTemplate(sealed, scope);
      sealed.setStatus(null);
      output.print(sealed);
      return 0;
    } catch (CliException | UnsealException e) {
      return failure.report(e);
    }
  }
}
