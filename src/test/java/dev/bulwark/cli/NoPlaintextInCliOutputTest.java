package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.seal.KeyPem;
import dev.bulwark.seal.SealingKey;
import dev.bulwark.seal.SealingKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed Secrets through {@code seal} and malformed SealedSecrets through {@code unseal} and
 * {@code reseal}: whatever the command says, no secret value (nor its base64) appears on stdout or
 * stderr, where CI logs keep it.
 */
class NoPlaintextInCliOutputTest {

  private static final String PLAINTEXT = "hunter2-topsecret";
  private static final String PLAINTEXT_BASE64 =
      Base64.getEncoder().encodeToString(PLAINTEXT.getBytes(StandardCharsets.UTF_8));

  @TempDir static Path dir;
  private static Path cert;
  private static Path key;

  @BeforeAll
  static void keys() throws IOException {
    SealingKey sealingKey =
        new SealingKeyGenerator(2048, Clock.systemUTC(), new SecureRandom()).generate("k");
    cert = write("cert.pem", KeyPem.write(sealingKey.certificate().orElseThrow()));
    key = write("key.pem", KeyPem.write(sealingKey.privateKey()));
  }

  private static Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static final String HEAD =
      "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: ns}\n";

  static Map<String, String> secretVariants() {
    Map<String, String> variants = new LinkedHashMap<>();
    variants.put("stringData a string", HEAD + "stringData: " + PLAINTEXT + "\n");
    variants.put("stringData a list", HEAD + "stringData: [" + PLAINTEXT + "]\n");
    variants.put("stringData value an object", HEAD + "stringData: {p: {x: " + PLAINTEXT + "}}\n");
    variants.put("stringData value a list", HEAD + "stringData: {p: [" + PLAINTEXT + "]}\n");
    variants.put("data a string", HEAD + "data: " + PLAINTEXT_BASE64 + "\n");
    variants.put("data not base64", HEAD + "data: {p: " + PLAINTEXT + "}\n");
    variants.put("data base64 with a space", HEAD + "data: {p: \"" + PLAINTEXT_BASE64 + " x\"}\n");
    variants.put(
        "data value a number", HEAD + "data: {p: 12345}\nstringData: {q: " + PLAINTEXT + "}\n");
    variants.put(
        "metadata a string", "apiVersion: v1\nkind: Secret\nmetadata: " + PLAINTEXT + "\n");
    variants.put("type an object", HEAD + "type: {x: " + PLAINTEXT + "}\n");
    variants.put("immutable a string", HEAD + "immutable: " + PLAINTEXT + "\n");
    variants.put(
        "unknown fields", HEAD + "extra: " + PLAINTEXT + "\nstringData: {p: " + PLAINTEXT + "}\n");
    variants.put("unterminated quote", HEAD + "stringData: {p: \"" + PLAINTEXT + "}\n");
    variants.put("unknown escape", HEAD + "stringData: {p: \"" + PLAINTEXT + "\\q\"}\n");
    variants.put("tab indentation", HEAD + "stringData:\n\tp: " + PLAINTEXT + "\n");
    variants.put("bad separator", HEAD + "--- " + PLAINTEXT + "\n");
    variants.put(
        "not a Secret in a List",
        "apiVersion: v1\nkind: List\nitems:\n- {kind: ConfigMap, data: {p: " + PLAINTEXT + "}}\n");
    variants.put(
        "no namespace",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {p: " + PLAINTEXT + "}\n");
    variants.put(
        "huge value", HEAD + "stringData: {p: \"" + (PLAINTEXT + " ").repeat(50_000) + "\"}\n");
    variants.put("infinite number", HEAD + "stringData: {p: .inf, q: " + PLAINTEXT + "}\n");
    variants.put("null key", HEAD + "stringData: {~: " + PLAINTEXT + "}\n");
    variants.put(
        "JSON syntax error", "{\"kind\": \"Secret\", \"stringData\": {\"p\": " + PLAINTEXT + "}}");
    variants.put(
        "valid, sealed",
        HEAD + "stringData: {p: " + PLAINTEXT + "}\ndata: {q: " + PLAINTEXT_BASE64 + "}\n");
    return variants;
  }

  @Test
  void sealNeverPrintsASecretValue() throws IOException {
    int i = 0;
    for (Map.Entry<String, String> variant : secretVariants().entrySet()) {
      Path file = write("secret-" + i++ + ".yaml", variant.getValue());
      CliRun run = CliRun.of("seal", "-f", file.toString(), "--cert", cert.toString());
      assertThat(run.out() + run.err())
          .as(variant.getKey() + " -> exit " + run.exitCode() + ": " + run.err())
          .doesNotContain(PLAINTEXT)
          .doesNotContain(PLAINTEXT_BASE64);
      if (run.exitCode() != 0) {
        assertThat(run.out()).as(variant.getKey()).isEmpty();
        assertThat(run.err()).as(variant.getKey()).contains(file.toString());
      }
    }
  }

  static Map<String, String> sealedVariants() {
    String head =
        "apiVersion: bulwark.dev/v1alpha1\nkind: SealedSecret\nmetadata: {name: s, namespace: ns}\n";
    Map<String, String> variants = new LinkedHashMap<>();
    variants.put("value not base64", head + "spec: {encryptedData: {p: " + PLAINTEXT + "}}\n");
    variants.put(
        "value base64 plaintext", head + "spec: {encryptedData: {p: " + PLAINTEXT_BASE64 + "}}\n");
    variants.put("encryptedData a string", head + "spec: {encryptedData: " + PLAINTEXT + "}\n");
    variants.put(
        "encryptedData value a list", head + "spec: {encryptedData: {p: [" + PLAINTEXT + "]}}\n");
    variants.put("spec a string", head + "spec: " + PLAINTEXT + "\n");
    variants.put(
        "templated values",
        head + "spec:\n  encryptedData: {}\n  template: {data: {p: " + PLAINTEXT + "}}\n");
    variants.put("unterminated quote", head + "spec: {encryptedData: {p: \"" + PLAINTEXT + "}}\n");
    variants.put(
        "huge value",
        head + "spec: {encryptedData: {p: \"" + (PLAINTEXT + "\\n").repeat(50_000) + "\"}}\n");
    return variants;
  }

  @Test
  void unsealAndResealNeverPrintASecretValueWhenTheyFail() throws IOException {
    int i = 0;
    for (Map.Entry<String, String> variant : sealedVariants().entrySet()) {
      Path file = write("sealed-" + i++ + ".yaml", variant.getValue());
      for (String command : new String[] {"unseal", "reseal"}) {
        CliRun run =
            "unseal".equals(command)
                ? CliRun.of("unseal", "--key", key.toString(), "-f", file.toString())
                : CliRun.of(
                    "reseal",
                    "--key",
                    key.toString(),
                    "--cert",
                    cert.toString(),
                    "-f",
                    file.toString());
        assertThat(run.exitCode())
            .as(command + " " + variant.getKey() + ": " + run.err())
            .isNotZero();
        assertThat(run.out()).as(command + " " + variant.getKey()).isEmpty();
        assertThat(run.err())
            .as(command + " " + variant.getKey())
            .doesNotContain(PLAINTEXT)
            .doesNotContain(PLAINTEXT_BASE64);
      }
    }
  }

  @Test
  void aMalformedKeyFileIsNeverEchoed() throws IOException {
    String sealed =
        "apiVersion: bulwark.dev/v1alpha1\nkind: SealedSecret\nmetadata: {name: s, namespace: ns}\n"
            + "spec: {encryptedData: {p: QQ==}}\n";
    Path sealedFile = write("sealed-for-keys.yaml", sealed);
    Map<String, String> keyFiles = new LinkedHashMap<>();
    keyFiles.put(
        "key data a list",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: k}\n"
            + "data: {tls.key: ["
            + PLAINTEXT
            + "]}\n");
    keyFiles.put(
        "key data not base64",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: k}\n"
            + "data: {tls.key: "
            + PLAINTEXT
            + ", tls.crt: "
            + PLAINTEXT
            + "}\n");
    keyFiles.put("key file not YAML", "kind: Secret\ndata: {tls.key: \"" + PLAINTEXT + "\n");
    int i = 0;
    for (Map.Entry<String, String> keyFile : keyFiles.entrySet()) {
      Path file = write("bad-key-" + i++ + ".yaml", keyFile.getValue());
      CliRun run = CliRun.of("unseal", "--key", file.toString(), "-f", sealedFile.toString());
      assertThat(run.exitCode()).as(keyFile.getKey() + ": " + run.err()).isNotZero();
      assertThat(run.out() + run.err()).as(keyFile.getKey()).doesNotContain(PLAINTEXT);
      assertThat(run.err()).as(keyFile.getKey()).contains(file.toString());
    }
  }
}
