package dev.bulwark.cli;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.seal.SealingScope;
import picocli.CommandLine.Option;

/**
 * {@code -f FILE}: a SealedSecret of either apiVersion, Bulwark's or Bitnami's, checked for what
 * opening it needs, so unseal and reseal read their input alike.
 */
final class SealedSecretInput {

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      defaultValue = "-",
      description = "SealedSecret manifest, YAML or JSON; - for stdin (default)")
  String file;

  SealedSecret read() throws CliException {
    ManifestIo.Manifest manifest = ManifestIo.read(file, System.in);
    if (!"SealedSecret".equals(manifest.kind())
        || !SealCommand.API_VERSIONS.contains(manifest.apiVersion())) {
      throw new CliException(
          manifest.source()
              + ": expected a SealedSecret of apiVersion "
              + String.join(" or ", SealCommand.API_VERSIONS)
              + ", got kind \""
              + manifest.kind()
              + "\" apiVersion \""
              + manifest.apiVersion()
              + "\"");
    }
    SealedSecret sealed = manifest.as(SealedSecret.class);
    if (sealed.getMetadata() == null || blank(sealed.getMetadata().getName())) {
      throw new CliException(manifest.source() + ": metadata.name is missing");
    }
    if (sealed.getSpec() == null || sealed.getSpec().getEncryptedData() == null) {
      throw new CliException(manifest.source() + ": spec.encryptedData is missing");
    }
    SealingScope scope = SealingScope.fromAnnotations(sealed.getMetadata().getAnnotations());
    if (scope != SealingScope.CLUSTER_WIDE && blank(sealed.getMetadata().getNamespace())) {
      throw new CliException(
          manifest.source()
              + ": metadata.namespace is missing; a "
              + scope.cliName()
              + " SealedSecret is bound to its namespace");
    }
    return sealed;
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
