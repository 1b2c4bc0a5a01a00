package dev.bulwark.cli;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.seal.SealingScope;
import java.util.List;
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
    List<ManifestIo.Manifest> manifests = ManifestIo.readAll(file, System.in);
    ManifestIo.Manifest manifest = manifests.get(0);
    if (manifests.size() > 1) {
      throw new CliException(
          ("-".equals(file) ? "stdin" : file)
              + ": holds "
              + manifests.size()
              + " objects; give one SealedSecret at a time");
    }
    if (!"SealedSecret".equals(manifest.kind())
        || !SealCommand.API_VERSIONS.contains(manifest.apiVersion())) {
      throw new CliException(
          manifest.where()
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
      throw new CliException(manifest.where() + ": metadata.name is missing");
    }
    if (sealed.getSpec() == null || sealed.getSpec().getEncryptedData() == null) {
      throw new CliException(manifest.where() + ": spec.encryptedData is missing");
    }
    SealingScope scope = SealingScope.fromAnnotations(sealed.getMetadata().getAnnotations());
    if (scope != SealingScope.CLUSTER_WIDE && blank(sealed.getMetadata().getNamespace())) {
      throw new CliException(
          manifest.where()
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
