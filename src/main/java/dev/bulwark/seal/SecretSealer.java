package dev.bulwark.seal;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.api.SealedSecretSpec;
import dev.bulwark.api.SecretTemplate;
import dev.bulwark.api.TemplateMetadata;
import dev.bulwark.scan.GoBase64;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Turns a Secret into a SealedSecret for one public key, the way kubeseal does. */
public final class SecretSealer {

  /** Annotations that hold a full copy of the applied object, plaintext values included. */
  static final List<String> LAST_APPLIED_ANNOTATIONS =
      List.of(
          "kubectl.kubernetes.io/last-applied-configuration",
          "kubecfg.ksonnet.io/last-applied-configuration");

  private final RSAPublicKey key;
  private final SecureRandom random;

  public SecretSealer(RSAPublicKey key, SecureRandom random) {
    this.key = key;
    this.random = random;
  }

  public SecretSealer(RSAPublicKey key) {
    this(key, new SecureRandom());
  }

  /**
   * Seals every value of {@code data} and {@code stringData}. The scope is {@code scope} when
   * given, else what the Secret's own annotations declare (kubeseal's rule).
   */
  public SealedSecret seal(Secret secret, Optional<SealingScope> scope) throws SealInputException {
    ObjectMeta meta = secret.getMetadata();
    if (meta == null || blank(meta.getName())) {
      throw new SealInputException("the Secret has no metadata.name");
    }
    SealingScope effective =
        scope.orElseGet(() -> SealingScope.fromAnnotations(meta.getAnnotations()));
    String namespace = meta.getNamespace();
    if (effective != SealingScope.CLUSTER_WIDE && blank(namespace)) {
      throw new SealInputException(
          "Secret \""
              + meta.getName()
              + "\" has no metadata.namespace; a "
              + effective.cliName()
              + " seal needs one (set it or pass --namespace)");
    }
    Map<String, String> encrypted =
        sealValues(plaintextValues(secret), effective, namespace, meta.getName());

    SealedSecret sealedSecret = new SealedSecret();
    ObjectMeta sealedMeta = new ObjectMeta();
    sealedMeta.setName(meta.getName());
    sealedMeta.setNamespace(blank(namespace) ? null : namespace);
    Map<String, String> scopeAnnotations = new LinkedHashMap<>();
    effective.writeTo(scopeAnnotations);
    sealedMeta.setAnnotations(scopeAnnotations.isEmpty() ? null : scopeAnnotations);
    sealedSecret.setMetadata(sealedMeta);

    SealedSecretSpec spec = new SealedSecretSpec();
    spec.setEncryptedData(encrypted);
    spec.setTemplate(template(secret, sealedMeta, effective));
    sealedSecret.setSpec(spec);
    return sealedSecret;
  }

  /** Seals each value for {@code namespace}/{@code name} in {@code scope}, as base64. */
  public Map<String, String> sealValues(
      Map<String, byte[]> values, SealingScope scope, String namespace, String name) {
    byte[] label = scope.label(namespace, name);
    Map<String, String> encrypted = new TreeMap<>();
    for (Map.Entry<String, byte[]> value : values.entrySet()) {
      byte[] sealed = HybridCipher.encrypt(key, value.getValue(), label, random);
      encrypted.put(value.getKey(), Base64.getEncoder().encodeToString(sealed));
    }
    return encrypted;
  }

  /**
   * The Secret's metadata as kubeseal copies it into {@code spec.template}, with the scope written
   * into the annotations as kubeseal writes it there ({@code UpdateScopeAnnotations} on the Secret
   * before sealing): a controller that re-encrypts (kubeseal --re-encrypt, the rotate endpoint)
   * reads the scope back from the unsealed Secret's annotations, so without it the value would be
   * narrowed to strict.
   */
  private static SecretTemplate template(Secret secret, ObjectMeta sealedMeta, SealingScope scope) {
    ObjectMeta meta = secret.getMetadata();
    TemplateMetadata templateMeta = new TemplateMetadata();
    templateMeta.setName(sealedMeta.getName());
    templateMeta.setNamespace(sealedMeta.getNamespace());
    if (meta.getLabels() != null && !meta.getLabels().isEmpty()) {
      templateMeta.setLabels(new TreeMap<>(meta.getLabels()));
    }
    Map<String, String> annotations =
        meta.getAnnotations() == null ? new TreeMap<>() : new TreeMap<>(meta.getAnnotations());
    LAST_APPLIED_ANNOTATIONS.forEach(annotations::remove);
    scope.writeTo(annotations);
    templateMeta.setAnnotations(annotations.isEmpty() ? null : annotations);
    SecretTemplate template = new SecretTemplate();
    template.setMetadata(templateMeta);
    template.setType(secret.getType());
    template.setImmutable(secret.getImmutable());
    return template;
  }

  private static Map<String, byte[]> plaintextValues(Secret secret) throws SealInputException {
    Map<String, byte[]> values = new TreeMap<>();
    if (secret.getData() != null) {
      for (Map.Entry<String, String> entry : secret.getData().entrySet()) {
        try {
          String encoded = entry.getValue() == null ? "" : entry.getValue();
          values.put(entry.getKey(), GoBase64.decode(encoded));
        } catch (IllegalArgumentException e) {
          throw new SealInputException(
              "data." + entry.getKey() + " is not base64 (" + e.getMessage() + ")");
        }
      }
    }
    if (secret.getStringData() != null) {
      for (Map.Entry<String, String> entry : secret.getStringData().entrySet()) {
        String text = entry.getValue() == null ? "" : entry.getValue();
        values.put(entry.getKey(), text.getBytes(StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
