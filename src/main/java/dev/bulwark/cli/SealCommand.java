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
import java.util.ArrayList;
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
      "Values are sealed with the cluster's certificate (or --cert) in kubeseal's format.",
      "Several documents or a List in the input seal every Secret, one document each."
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

  @Option(
      names = "--allow-empty-data",
      description = "seal a Secret that has no data (kubeseal refuses one unless told so)")
  boolean allowEmptyData;

  private static boolean isEmpty(Secret secret) {
    return (secret.getData() == null || secret.getData().isEmpty())
        && (secret.getStringData() == null || secret.getStringData().isEmpty());
  }

  @Override
  public Integer call() {
    if (!API_VERSIONS.contains(apiVersion)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--api-version must be one of " + API_VERSIONS);
    }
    try {
      List<SecretInput.Read> secrets = input.read();
      for (SecretInput.Read read : secrets) {
        if (!allowEmptyData && isEmpty(read.secret())) {
          throw new CliException(
              read.where()
                  + ": Secret \""
                  + (read.secret().getMetadata() == null
                      ? ""
                      : read.secret().getMetadata().getName())
                  + "\" has no data; pass --allow-empty-data to seal it anyway");
        }
      }
      RSAPublicKey key = SealingCertificateSource.publicKey(cert, cluster);
      SecretSealer sealer = new SecretSealer(key);
      List<Object> sealed = new ArrayList<>();
      for (SecretInput.Read read : secrets) {
        ObjectNode tree;
        try {
          tree =
              Serialization.jsonMapper()
                  .valueToTree(sealer.seal(read.secret(), Optional.ofNullable(scope)));
        } catch (SealInputException e) {
          throw new CliException(read.where() + ": " + e.getMessage());
        }
        tree.put("apiVersion", apiVersion);
        sealed.add(tree);
      }
      // Nothing is printed before every Secret is sealed: no half output on an error.
      output.printAll(sealed);
      return 0;
    } catch (CliException e) {
      return failure.report(e);
    }
  }
}
