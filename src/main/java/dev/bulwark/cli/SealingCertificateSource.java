package dev.bulwark.cli;

import dev.bulwark.seal.KeyFormatException;
import dev.bulwark.seal.KeyPem;
import dev.bulwark.seal.SealingCertificatePublisher;
import dev.bulwark.status.ClusterErrors;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;

/** The certificate to seal with: a PEM file, or the one the operator publishes in the cluster. */
final class SealingCertificateSource {

  private SealingCertificateSource() {}

  /** The RSA key that seal and reseal encrypt with, from {@code certFile} or the cluster. */
  static RSAPublicKey publicKey(Path certFile, ClusterOptions cluster) throws CliException {
    return (RSAPublicKey) load(certFile, cluster).getPublicKey();
  }

  private static X509Certificate load(Path certFile, ClusterOptions cluster) throws CliException {
    try {
      if (certFile != null) {
        return KeyPem.readCertificate(Files.readString(certFile), certFile.toString());
      }
      return KeyPem.readCertificate(
          publishedPem(cluster),
          "ConfigMap "
              + cluster.controllerNamespace
              + "/"
              + SealingCertificatePublisher.CONFIG_MAP);
    } catch (IOException e) {
      throw new CliException(certFile + ": cannot read (" + e.getMessage() + ")");
    } catch (KeyFormatException e) {
      throw new CliException(e.getMessage());
    }
  }

  static String publishedPem(ClusterOptions cluster) throws CliException {
    String where = cluster.controllerNamespace + "/" + SealingCertificatePublisher.CONFIG_MAP;
    try (KubernetesClient client = cluster.client()) {
      return new SealingCertificatePublisher(client, cluster.controllerNamespace)
          .read()
          .orElseThrow(
              () ->
                  new CliException(
                      "no sealing certificate in ConfigMap "
                          + where
                          + "; is the operator running in namespace "
                          + cluster.controllerNamespace
                          + "? (--controller-namespace, or --cert FILE)"));
    } catch (KubernetesClientException e) {
      throw new CliException(
          "cannot read ConfigMap "
              + where
              + ": "
              + (e.getCode() > 0 ? e.getMessage() : ClusterErrors.rootCause(e))
              + " (no cluster? seal offline with --cert FILE, a certificate saved earlier with"
              + " `bulwark cert > cert.pem`)");
    }
  }
}
