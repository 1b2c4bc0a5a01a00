package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.seal.KeyPem;
import dev.bulwark.seal.SealingKey;
import dev.bulwark.seal.SealingKeyGenerator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seal and unseal cases of issue 11: input read as kubeseal and the API server read it. */
class SealReadsLikeKubesealTest {

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

  private static String secret(String name, String data) {
    return "apiVersion: v1\nkind: Secret\nmetadata: {name: " + name + ", namespace: team}\n" + data;
  }

  private static List<SealedSecret> sealedDocuments(String yaml) {
    return java.util.Arrays.stream(yaml.split("(?m)^---$"))
        .filter(d -> !d.isBlank())
        .map(d -> Serialization.unmarshal(d, SealedSecret.class))
        .toList();
  }

  private static CliRun seal(Path file, String... extra) {
    String[] args = new String[4 + extra.length];
    args[0] = "seal";
    args[1] = "-f";
    args[2] = file.toString();
    args[3] = "--cert=" + cert;
    System.arraycopy(extra, 0, args, 4, extra.length);
    return CliRun.of(args);
  }

  private static String unsealed(String sealedYaml, String item) throws IOException {
    Path sealed = write("to-open.yaml", sealedYaml);
    CliRun run = CliRun.of("unseal", "--key", key.toString(), "-f", sealed.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    Secret secret = Serialization.unmarshal(run.out(), Secret.class);
    return new String(
        Base64.getDecoder().decode(secret.getData().get(item)), StandardCharsets.UTF_8);
  }

  @Test
  void everySecretOfAMultiDocumentFileIsSealed() throws IOException {
    Path file =
        write(
            "two.yaml",
            secret("a", "stringData: {x: one}\n")
                + "---\n"
                + secret("b", "stringData: {y: two}\n"));

    CliRun run = seal(file);

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<SealedSecret> sealed = sealedDocuments(run.out());
    assertThat(sealed).extracting(s -> s.getMetadata().getName()).containsExactly("a", "b");
  }

  /**
   * YAML 1.1 reads a bare {@code n} as false; kubectl refuses a boolean where metadata.namespace
   * wants a string, and so must seal, rather than bind the ciphertext to namespace "false".
   */
  @Test
  void aBooleanWhereTheNamespaceBelongsIsRefusedAsKubectlRefusesIt() throws IOException {
    Path file =
        write(
            "yaml11.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: n}\n"
                + "stringData: {x: one}\n");

    CliRun run = seal(file);

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("yaml11.yaml").contains("metadata.namespace");
  }

  @Test
  void everySecretOfAListIsSealed() throws IOException {
    String list =
        "apiVersion: v1\nkind: List\nitems:\n"
            + "- {apiVersion: v1, kind: Secret, metadata: {name: a, namespace: team}, stringData: {x: one}}\n"
            + "- {apiVersion: v1, kind: Secret, metadata: {name: b, namespace: team}, stringData: {y: two}}\n";

    CliRun run = seal(write("list.yaml", list));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sealedDocuments(run.out()))
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("a", "b");
  }

  @Test
  void aSecretWithoutDataIsRefusedUnlessAllowed() throws IOException {
    Path file = write("empty.yaml", secret("empty", ""));

    CliRun refused = seal(file);
    CliRun allowed = seal(file, "--allow-empty-data");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("\"empty\" has no data").contains("--allow-empty-data");
    assertThat(refused.out()).isEmpty();
    assertThat(allowed.exitCode()).as(allowed.err()).isZero();
  }

  @Test
  void theScopeIsWrittenIntoTheTemplateAnnotationsAsKubesealDoes() throws IOException {
    Path file = write("scoped.yaml", secret("s", "stringData: {x: one}\n"));
    for (String scope : List.of("cluster-wide", "namespace-wide")) {
      CliRun run = seal(file, "--scope", scope);

      assertThat(run.exitCode()).as(run.err()).isZero();
      SealedSecret sealed = sealedDocuments(run.out()).get(0);
      String annotation = "sealedsecrets.bitnami.com/" + scope;
      assertThat(sealed.getMetadata().getAnnotations()).containsEntry(annotation, "true");
      assertThat(sealed.getSpec().getTemplate().getMetadata().getAnnotations())
          .containsEntry(annotation, "true");
    }
  }

  @Test
  void dataWrappedOrEndingInABlockScalarNewlineIsBase64() throws IOException {
    String data = "data:\n  block: |\n    aHVudGVyMg==\n  wrapped: \"aHVu\\ndGVy\\r\\nMg==\"\n";

    CliRun run = seal(write("wrapped.yaml", secret("w", data)));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(unsealed(run.out(), "block")).isEqualTo("hunter2");
    assertThat(unsealed(run.out(), "wrapped")).isEqualTo("hunter2");
  }

  @Test
  void encryptedDataWrappedAcrossLinesIsUnsealed() throws IOException {
    CliRun sealed = seal(write("to-wrap.yaml", secret("v", "stringData: {x: hunter2}\n")));
    assertThat(sealed.exitCode()).as(sealed.err()).isZero();
    SealedSecret object = sealedDocuments(sealed.out()).get(0);
    String value = object.getSpec().getEncryptedData().get("x");
    StringBuilder wrapped = new StringBuilder();
    for (int i = 0; i < value.length(); i += 76) {
      wrapped.append(value, i, Math.min(value.length(), i + 76)).append('\n');
    }
    object.getSpec().getEncryptedData().put("x", wrapped.toString());

    assertThat(unsealed(Serialization.asYaml(object), "x")).isEqualTo("hunter2");
  }

  @Test
  void stringDataAsAStringIsRefusedWithoutEchoingIt() throws IOException {
    Path file = write("string.yaml", secret("s", "stringData: hunter2-topsecret\n"));

    CliRun run = seal(file);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("stringData: expected an object of strings, got a string")
        .doesNotContain("hunter2");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aByteOrderMarkedSecretIsSealed() throws IOException {
    Path file = dir.resolve("bom.yaml");
    byte[] body = secret("bom", "stringData: {x: one}\n").getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[body.length + 3];
    bytes[0] = (byte) 0xEF;
    bytes[1] = (byte) 0xBB;
    bytes[2] = (byte) 0xBF;
    System.arraycopy(body, 0, bytes, 3, body.length);
    Files.write(file, bytes);

    CliRun run = seal(file);

    assertThat(run.exitCode()).as(run.err()).isZero();
  }
}
