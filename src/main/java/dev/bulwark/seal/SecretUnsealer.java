package dev.bulwark.seal;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.api.SealedSecretConditions;
import dev.bulwark.api.SecretTemplate;
import dev.bulwark.api.TemplateMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Opens every value of a SealedSecret into the Secret it stands for, or none at all. */
public final class SecretUnsealer {

  static final String DEFAULT_TYPE = "Opaque";

  private final SealingKeyRing keys;

  public SecretUnsealer(SealingKeyRing keys) {
    this.keys = keys;
  }

  /**
   * The Secret, named and placed like the SealedSecret, shaped by its template. The scope comes
   * from the SealedSecret's own annotations only; one value that does not open fails it all.
   */
  public Secret unseal(SealedSecret sealed) throws UnsealException {
    return unsealNamingKey(sealed).secret();
  }

  /**
   * As {@link #unseal}, also naming the oldest key that opened a value (empty when there was no
   * value to open): the key this SealedSecret still depends on.
   */
  public Unsealed unsealNamingKey(SealedSecret sealed) throws UnsealException {
    if (sealed.getSpec() == null) {
      // The CRD requires spec; an object stored before it did must still not break the reconciler.
      throw new UnsealException(
          SealedSecretConditions.REASON_UNSUPPORTED_SPEC, "spec is missing; nothing to unseal");
    }
    ObjectMeta meta = sealed.getMetadata();
    SecretTemplate template =
        sealed.getSpec().getTemplate() == null
            ? new SecretTemplate()
            : sealed.getSpec().getTemplate();
    if (template.getData() != null && !template.getData().isEmpty()) {
      throw new UnsealException(
          SealedSecretConditions.REASON_UNSUPPORTED_SPEC,
          "spec.template.data (Bitnami's templated values) is not supported; seal those values"
              + " into spec.encryptedData instead");
    }
    if (keys.isEmpty()) {
      throw new UnsealException(
          SealedSecretConditions.REASON_NO_SEALING_KEY, "no active sealing key is loaded");
    }
    SealingScope scope = SealingScope.fromAnnotations(meta.getAnnotations());
    byte[] label = scope.label(meta.getNamespace(), meta.getName());
    String scopeDescription = scope.describe(meta.getNamespace(), meta.getName());

    Map<String, String> data = new TreeMap<>();
    SealingKey oldest = null;
    Map<String, String> encrypted =
        sealed.getSpec().getEncryptedData() == null
            ? Map.of()
            : sealed.getSpec().getEncryptedData();
    for (Map.Entry<String, String> item : new TreeMap<>(encrypted).entrySet()) {
      String value = item.getValue() == null ? "" : item.getValue();
      SealingKeyRing.Opened opened =
          keys.openNamingKey(item.getKey(), value, label, scopeDescription);
      if (oldest == null || opened.key().notBefore().isBefore(oldest.notBefore())) {
        oldest = opened.key();
      }
      data.put(item.getKey(), Base64.getEncoder().encodeToString(opened.plaintext()));
    }

    TemplateMetadata templateMeta =
        template.getMetadata() == null ? new TemplateMetadata() : template.getMetadata();
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(meta.getName())
            .withNamespace(meta.getNamespace())
            .withLabels(copyOrNull(templateMeta.getLabels()))
            .withAnnotations(copyOrNull(templateMeta.getAnnotations()))
            .endMetadata()
            .withType(
                template.getType() == null || template.getType().isEmpty()
                    ? DEFAULT_TYPE
                    : template.getType())
            .withImmutable(template.getImmutable())
            .withData(data)
            .build();
    return new Unsealed(secret, Optional.ofNullable(oldest));
  }

  /** The Secret a SealedSecret stands for, and the oldest key that opened one of its values. */
  public record Unsealed(Secret secret, Optional<SealingKey> oldestKey) {}

  private static Map<String, String> copyOrNull(Map<String, String> map) {
    return map == null || map.isEmpty() ? null : new TreeMap<>(map);
  }
}
