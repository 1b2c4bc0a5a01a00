package dev.bulwark.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.api.SealedSecret;
import dev.bulwark.seal.SealInputException;
import dev.bulwark.seal.SealingScope;
import dev.bulwark.seal.SecretSealer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** kubeseal's main job: a Secret manifest in, a SealedSecret that is safe to commit out. */
@Command(
    name = "seal",
    mixinStandardHelpOptions = true,
    description = {
      "Encrypt a Secret manifest into a SealedSecret that is safe to commit.",
      "Values are sealed with the cluster's certificate (or --cert) in kubeseal's format."
    })
public final class SealCommand implements Callable<Integer> {

  static final List<String> API_VERSIONS =
      List.of(SealedSecret.API_VERSION, SealedSecret.BITNAMI_API_VERSION);

  @Spec CommandSpec spec;

  @Mixin SecretInput input;

  @Mixin ClusterOptions cluster;

  @Mixin OutputOptions output;

  @Mixin CommandFailure failure;

  @Option(
      names = "--cert",
      paramLabel = "FILE",
      description = "PEM certificate to seal with (default: the cluster's, see `bulwark cert`)")
  Path cert;

  @Option(
      names = "--scope",
      paramLabel = "SCOPE",
      converter = ScopeConverter.class,
      description =
          "strict (default), namespace-wide or cluster-wide; default: the Secret's"
              + " sealedsecrets.bitnami.com/* annotations")
  SealingScope scope;

  @Option(
      names = "--api-version",
      paramLabel = "VERSION",
      defaultValue = SealedSecret.API_VERSION,
      description =
          "apiVersion of the output: ${DEFAULT-VALUE} (default) or bitnami.com/v1alpha1 for"
              + " Bitnami's controller and kubeseal")
  String apiVersion;

  @Override
  public Integer call() {
    if (!API_VERSIONS.contains(apiVersion)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--api-version must be one of " + API_VERSIONS);
    }
    try {
      Secret secret = input.read();
      RSAPublicKey key = SealingCertificateSource.publicKey(cert, cluster);
      SealedSecret sealed = new SecretSealer(key).seal(secret, Optional.ofNullable(scope));
      ObjectNode tree = Serialization.jsonMapper().valueToTree(sealed);
      tree.put("apiVersion", apiVersion);
      output.print(tree);
      return 0;
    } catch (CliException | SealInputException e) {
      return failure.report(e);
    }
  }
}
