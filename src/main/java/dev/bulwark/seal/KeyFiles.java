package dev.bulwark.seal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.scan.KubernetesYaml;
import dev.bulwark.scan.ManifestSyntaxException;
import dev.bulwark.scan.ManifestText;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Private keys for offline unsealing, in every form kubeseal's recovery accepts: PEM (PKCS#1 or
 * PKCS#8), a key Secret manifest (YAML or JSON, Bulwark's or Bitnami's), or a List of them.
 */
public final class KeyFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private KeyFiles() {}

  public static List<SealingKey> read(Path file) throws KeyFormatException {
    String text;
    try {
      text = ManifestText.decode(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new KeyFormatException(file + ": cannot read (" + e.getMessage() + ")");
    }
    if (text.contains("-----BEGIN")) {
      List<SealingKey> keys = new ArrayList<>();
      for (RSAPrivateKey key : KeyPem.readPrivateKeys(text, file.toString())) {
        keys.add(SealingKey.bare(file.toString(), key));
      }
      return keys;
    }
    return readManifests(file, text);
  }

  /** Key Secrets, read as kubectl reads files: several documents, Lists, any size. */
  private static List<SealingKey> readManifests(Path file, String text) throws KeyFormatException {
    List<SealingKey> keys = new ArrayList<>();
    for (LocatedSecret located : readSecrets(file, text)) {
      keys.add(located.key());
    }
    return keys;
  }

  /**
   * The key Secrets of a YAML/JSON file (one Secret, several documents, or a List such as {@code
   * kubectl get secret -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml} prints), as a
   * restore reads them: each with its Secret name and whether Bulwark's or Bitnami's label marks it
   * compromised. PEM is refused: a restored key needs the certificate a key Secret carries.
   */
  public static List<BackedUpKey> readKeySecrets(Path file, String text) throws KeyFormatException {
    if (text.contains("-----BEGIN")) {
      throw new KeyFormatException(
          file
              + ": a PEM key has no certificate to seal with; restore takes a key backup or key"
              + " Secrets (YAML/JSON)");
    }
    List<BackedUpKey> keys = new ArrayList<>();
    for (LocatedSecret located : readSecrets(file, text)) {
      Secret secret = located.secret();
      Map<String, String> labels =
          secret.getMetadata().getLabels() == null ? Map.of() : secret.getMetadata().getLabels();
      boolean compromised =
          SealingKeySecrets.COMPROMISED.equals(labels.get(SealingKeySecrets.LABEL))
              || SealingKeySecrets.COMPROMISED.equals(labels.get(SealingKeySecrets.BITNAMI_LABEL));
      String name = secret.getMetadata().getName();
      keys.add(new BackedUpKey(name == null ? located.where() : name, located.key(), compromised));
    }
    return keys;
  }

  private static List<LocatedSecret> readSecrets(Path file, String text) throws KeyFormatException {
    List<KubernetesYaml.Document> documents;
    try {
      documents = KubernetesYaml.readAll(file.toString(), text);
    } catch (ManifestSyntaxException e) {
      throw new KeyFormatException(
          file
              + (e.line() > 0 ? ":" + e.line() : "")
              + ": neither PEM nor a YAML/JSON key Secret or List ("
              + e.getMessage()
              + ")");
    }
    List<LocatedSecret> secrets = new ArrayList<>();
    for (KubernetesYaml.Document document : documents) {
      JsonNode root = document.tree();
      String where = file + ":" + document.line();
      if (!root.isObject()) {
        throw new KeyFormatException(where + ": neither PEM nor a YAML/JSON key Secret or List");
      }
      if (root.path("kind").asText().endsWith("List")) {
        JsonNode items = root.path("items");
        for (int i = 0; i < items.size(); i++) {
          secrets.add(fromSecretNode(items.get(i), where + " items[" + i + "]"));
        }
      } else {
        secrets.add(fromSecretNode(root, where));
      }
    }
    if (secrets.isEmpty()) {
      throw new KeyFormatException(file + ": no key Secret in it");
    }
    return secrets;
  }

  private static LocatedSecret fromSecretNode(JsonNode node, String where)
      throws KeyFormatException {
    if (!"Secret".equals(node.path("kind").asText())) {
      throw new KeyFormatException(
          where + ": kind is \"" + node.path("kind").asText() + "\", expected Secret");
    }
    Secret secret;
    try {
      secret = JSON.convertValue(node, Secret.class);
    } catch (IllegalArgumentException e) {
      // Jackson's message would quote the value, here a private key.
      throw new KeyFormatException(where + ": not a valid Secret (a field has the wrong type)");
    }
    if (secret.getMetadata() == null) {
      throw new KeyFormatException(where + ": the Secret has no metadata");
    }
    try {
      return new LocatedSecret(where, secret, SealingKeySecrets.fromSecret(secret));
    } catch (KeyFormatException e) {
      throw new KeyFormatException(where + ": " + e.getMessage());
    }
  }

  /** A key Secret read from a file, and its key. */
  private record LocatedSecret(String where, Secret secret, SealingKey key) {}
}
