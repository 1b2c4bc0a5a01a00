package dev.bulwark.seal;

import dev.bulwark.scan.GoBase64;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Key pairs as {@code kubernetes.io/tls} Secrets, in Bulwark's labelling and in Bitnami's. */
public final class SealingKeySecrets {

  /** Marks a Secret as a sealing key: {@value #ACTIVE} loads it, {@value #COMPROMISED} does not. */
  public static final String LABEL = "bulwark.dev/sealing-key";

  /** Bitnami's label for its key Secrets, same values; such Secrets are imported as they are. */
  public static final String BITNAMI_LABEL = "sealedsecrets.bitnami.com/sealed-secrets-key";

  public static final String ACTIVE = "active";
  public static final String COMPROMISED = "compromised";

  static final String TLS_TYPE = "kubernetes.io/tls";
  static final String CERT = "tls.crt";
  static final String KEY = "tls.key";

  private SealingKeySecrets() {}

  /**
   * True for a key Secret that may unseal: labelled active by Bulwark or Bitnami, nowhere
   * compromised.
   */
  public static boolean isActive(Secret secret) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    if (labels == null) {
      return false;
    }
    List<String> marks =
        List.of(labels.getOrDefault(LABEL, ""), labels.getOrDefault(BITNAMI_LABEL, ""));
    return marks.contains(ACTIVE) && !marks.contains(COMPROMISED);
  }

  /** The Secret that stores {@code key}: {@code kubernetes.io/tls}, labelled active. */
  public static Secret toSecret(SealingKey key, String namespace, String name) {
    String cert =
        KeyPem.write(
            key.certificate()
                .orElseThrow(
                    () -> new IllegalArgumentException("a stored key needs its certificate")));
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(Map.of(LABEL, ACTIVE))
        .endMetadata()
        .withType(TLS_TYPE)
        .withData(Map.of(CERT, base64(cert), KEY, base64(KeyPem.write(key.privateKey()))))
        .build();
  }

  /** The key a Secret stores; the error names the Secret, never its content. */
  public static SealingKey fromSecret(Secret secret) throws KeyFormatException {
    String id = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String keyPem = decoded(data, KEY, id);
    List<RSAPrivateKey> keys = KeyPem.readPrivateKeys(keyPem, "Secret " + id + " " + KEY);
    if (data.containsKey(CERT)) {
      return SealingKey.withCertificate(
          id,
          keys.getFirst(),
          KeyPem.readCertificate(decoded(data, CERT, id), "Secret " + id + " " + CERT));
    }
    return SealingKey.bare(id, keys.getFirst());
  }

  private static String decoded(Map<String, String> data, String item, String id)
      throws KeyFormatException {
    String value = data.get(item);
    if (value == null) {
      throw new KeyFormatException("Secret " + id + " has no data." + item);
    }
    try {
      return new String(GoBase64.decode(value), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException("Secret " + id + " data." + item + " is not base64");
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
