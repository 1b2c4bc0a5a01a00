package dev.bulwark.seal;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes the current sealing certificate in a ConfigMap of the operator namespace: it is public,
 * so anyone who may read that ConfigMap can seal, without access to the key Secrets.
 */
public final class SealingCertificatePublisher {

  /** The ConfigMap that holds the certificate `bulwark seal` and `bulwark cert` use. */
  public static final String CONFIG_MAP = "bulwark-sealing-certificate";

  /** Its data key: the PEM certificate. */
  public static final String CERT_KEY = "cert.pem";

  /** Annotate the ConfigMap with this (any value) to ask the operator for a new key now. */
  public static final String RENEW_ANNOTATION = "bulwark.dev/renew-key";

  private final KubernetesClient client;
  private final String namespace;

  public SealingCertificatePublisher(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Writes the certificate unless the ConfigMap already holds it. */
  public void publish(X509Certificate certificate) {
    String pem = KeyPem.write(certificate);
    if (read().filter(pem::equals).isPresent()) {
      return;
    }
    ConfigMap configMap =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(CONFIG_MAP)
            .withNamespace(namespace)
            .withLabels(Map.of("app.kubernetes.io/managed-by", "bulwark"))
            .endMetadata()
            .withData(Map.of(CERT_KEY, pem))
            .build();
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(configMap)
        .fieldManager(SealedSecretReconciler.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  /** Whether someone annotated the ConfigMap to ask for a new key. */
  public boolean renewalRequested() {
    ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
    return configMap != null
        && configMap.getMetadata().getAnnotations() != null
        && configMap.getMetadata().getAnnotations().containsKey(RENEW_ANNOTATION);
  }

  /** Removes the request once a new key is made. */
  public void clearRenewalRequest() {
    client
        .configMaps()
        .inNamespace(namespace)
        .withName(CONFIG_MAP)
        .edit(
            configMap -> {
              if (configMap.getMetadata().getAnnotations() != null) {
                configMap.getMetadata().getAnnotations().remove(RENEW_ANNOTATION);
              }
              return configMap;
            });
  }

  /** The published certificate's PEM, if any. */
  public Optional<String> read() {
    ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
    return Optional.ofNullable(configMap).map(ConfigMap::getData).map(data -> data.get(CERT_KEY));
  }
}
