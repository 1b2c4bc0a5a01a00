package dev.bulwark.cli;

import io.fabric8.kubernetes.api.model.Secret;
import picocli.CommandLine.Option;

/** {@code -f FILE} and {@code -n NAMESPACE}: the plain Secret that seal encrypts, and where. */
final class SecretInput {

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      defaultValue = "-",
      description = "Secret manifest, YAML or JSON; - for stdin (default)")
  String file;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      description = "namespace for a Secret manifest that names none")
  String namespace;

  Secret read() throws CliException {
    ManifestIo.Manifest manifest = ManifestIo.read(file, System.in);
    if (!"Secret".equals(manifest.kind())) {
      throw new CliException(
          manifest.source() + ": kind is \"" + manifest.kind() + "\", expected Secret");
    }
    Secret secret = manifest.as(Secret.class);
    applyNamespace(manifest.source(), secret);
    return secret;
  }

  private void applyNamespace(String source, Secret secret) throws CliException {
    if (namespace == null || secret.getMetadata() == null) {
      return;
    }
    String declared = secret.getMetadata().getNamespace();
    if (declared != null && !declared.isEmpty() && !declared.equals(namespace)) {
      throw new CliException(
          source
              + ": metadata.namespace is \""
              + declared
              + "\" but --namespace says \""
              + namespace
              + "\"");
    }
    secret.getMetadata().setNamespace(namespace);
  }
}
