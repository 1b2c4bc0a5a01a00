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
    List<SealingKey> keys = new ArrayList<>();
    for (KubernetesYaml.Document document : documents) {
      JsonNode root = document.tree();
      String where = file + ":" + document.line();
      if (!root.isObject()) {
        throw new KeyFormatException(where + ": neither PEM nor a YAML/JSON key Secret or List");
      }
      if (root.path("kind").asText().endsWith("List")) {
        JsonNode items = root.path("items");
        for (int i = 0; i < items.size(); i++) {
          keys.add(fromSecretNode(items.get(i), where + " items[" + i + "]"));
        }
      } else {
        keys.add(fromSecretNode(root, where));
      }
    }
    if (keys.isEmpty()) {
      throw new KeyFormatException(file + ": no key Secret in it");
    }
    return keys;
  }

  private static SealingKey fromSecretNode(JsonNode node, String where) throws KeyFormatException {
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
      return SealingKeySecrets.fromSecret(secret);
    } catch (KeyFormatException e) {
      throw new KeyFormatException(where + ": " + e.getMessage());
    }
  }
}
