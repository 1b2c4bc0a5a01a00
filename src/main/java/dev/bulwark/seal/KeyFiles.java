package dev.bulwark.seal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private KeyFiles() {}

  public static List<SealingKey> read(Path file) throws KeyFormatException {
    String text;
    try {
      text = Files.readString(file);
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
    return readManifest(file, text);
  }

  private static List<SealingKey> readManifest(Path file, String text) throws KeyFormatException {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      throw new KeyFormatException(file + ": neither PEM nor a YAML/JSON key Secret or List");
    }
    if (root == null || !root.isObject()) {
      throw new KeyFormatException(file + ": neither PEM nor a YAML/JSON key Secret or List");
    }
    List<SealingKey> keys = new ArrayList<>();
    String kind = root.path("kind").asText();
    if (kind.endsWith("List")) {
      JsonNode items = root.path("items");
      for (int i = 0; i < items.size(); i++) {
        keys.add(fromSecretNode(items.get(i), file + " items[" + i + "]"));
      }
      if (keys.isEmpty()) {
        throw new KeyFormatException(file + ": the List has no items");
      }
      return keys;
    }
    keys.add(fromSecretNode(root, file.toString()));
    return keys;
  }

  private static SealingKey fromSecretNode(JsonNode node, String where) throws KeyFormatException {
    if (!"Secret".equals(node.path("kind").asText())) {
      throw new KeyFormatException(
          where + ": kind is \"" + node.path("kind").asText() + "\", expected Secret");
    }
    Secret secret = YAML.convertValue(node, Secret.class);
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
