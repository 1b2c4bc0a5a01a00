package dev.bulwark.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.api.SealedSecretConditions;
import dev.bulwark.api.TemplateMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SecretSealer and SecretUnsealer together: what one seals, the other opens, only where meant. */
class SecretSealingTest {

  private static final String PLAINTEXT = "s3cr3t-ü-✓";

  private final SealingKey key = TestKeys.rsa4096();
  private final SecretSealer sealer =
      new SecretSealer((RSAPublicKey) key.certificate().orElseThrow().getPublicKey());
  private final SecretUnsealer unsealer = new SecretUnsealer(new SealingKeyRing(List.of(key)));

  private static Secret secret(Map<String, String> annotations) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("db")
        .withNamespace("team")
        .withLabels(Map.of("app", "db"))
        .withAnnotations(annotations)
        .endMetadata()
        .withType("kubernetes.io/basic-auth")
        .withImmutable(true)
        .withData(Map.of("password", b64(PLAINTEXT)))
        .withStringData(Map.of("username", "admin"))
        .build();
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sealedSecretCarriesNoPlaintextAndUnsealsToTheSameSecret() throws Exception {
    Map<String, String> annotations =
        Map.of(
            "note", "kept",
            "kubectl.kubernetes.io/last-applied-configuration", "{\"data\":{\"password\":\"x\"}}");

    SealedSecret sealed = sealer.seal(secret(annotations), Optional.empty());

    assertThat(sealed.getMetadata().getName()).isEqualTo("db");
    assertThat(sealed.getMetadata().getNamespace()).isEqualTo("team");
    assertThat(sealed.getSpec().getEncryptedData()).containsOnlyKeys("password", "username");
    assertThat(sealed.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsOnlyKeys("note");
    assertThat(sealed.toString()).doesNotContain(PLAINTEXT).doesNotContain(b64(PLAINTEXT));

    Secret opened = unsealer.unseal(sealed);

    assertThat(opened.getMetadata().getName()).isEqualTo("db");
    assertThat(opened.getMetadata().getNamespace()).isEqualTo("team");
    assertThat(opened.getMetadata().getLabels()).isEqualTo(Map.of("app", "db"));
    assertThat(opened.getMetadata().getAnnotations()).isEqualTo(Map.of("note", "kept"));
    assertThat(opened.getType()).isEqualTo("kubernetes.io/basic-auth");
    assertThat(opened.getImmutable()).isTrue();
    assertThat(opened.getData())
        .isEqualTo(Map.of("password", b64(PLAINTEXT), "username", b64("admin")));
  }

  @Test
  void strictSealDoesNotOpenUnderAnotherNameOrNamespace() throws Exception {
    SealedSecret renamed = sealer.seal(secret(Map.of()), Optional.empty());
    renamed.getMetadata().setName("other");
    SealedSecret moved = sealer.seal(secret(Map.of()), Optional.empty());
    moved.getMetadata().setNamespace("elsewhere");

    for (SealedSecret sealed : List.of(renamed, moved)) {
      assertThatThrownBy(() -> unsealer.unseal(sealed))
          .isInstanceOf(UnsealException.class)
          .hasMessageContaining("no active sealing key opens item")
          .hasMessageContaining("strict scope")
          .satisfies(
              e ->
                  assertThat(((UnsealException) e).reason())
                      .isEqualTo(SealedSecretConditions.REASON_DECRYPTION_FAILED));
    }
  }

  @Test
  void namespaceWideSealOpensUnderAnyNameInItsNamespaceOnly() throws Exception {
    SealedSecret sealed = sealer.seal(secret(Map.of()), Optional.of(SealingScope.NAMESPACE_WIDE));
    sealed.getMetadata().setName("renamed");

    assertThat(unsealer.unseal(sealed).getMetadata().getName()).isEqualTo("renamed");
    sealed.getMetadata().setNamespace("elsewhere");
    assertThatThrownBy(() -> unsealer.unseal(sealed)).isInstanceOf(UnsealException.class);
  }

  @Test
  void clusterWideSealOpensAnywhere() throws Exception {
    SealedSecret sealed =
        sealer.seal(secret(Map.of(SealingScope.CLUSTER_WIDE_ANNOTATION, "true")), Optional.empty());
    assertThat(sealed.getMetadata().getAnnotations())
        .containsEntry(SealingScope.CLUSTER_WIDE_ANNOTATION, "true");
    sealed.getMetadata().setName("renamed");
    sealed.getMetadata().setNamespace("elsewhere");

    assertThat(unsealer.unseal(sealed).getData()).containsKey("password");
  }

  @Test
  void scopeAnnotationInTheTemplateDoesNotWidenAStrictSeal() throws Exception {
    SealedSecret sealed = sealer.seal(secret(Map.of()), Optional.empty());
    TemplateMetadata templateMeta = sealed.getSpec().getTemplate().getMetadata();
    templateMeta.setAnnotations(
        new HashMap<>(Map.of(SealingScope.CLUSTER_WIDE_ANNOTATION, "true")));
    sealed.getMetadata().setNamespace("attacker");

    assertThatThrownBy(() -> unsealer.unseal(sealed))
        .isInstanceOf(UnsealException.class)
        .hasMessageContaining("strict scope \"attacker/db\"");
  }

  @Test
  void oneBadValueFailsTheWholeUnsealNamingItsItemOnly() throws Exception {
    SealedSecret sealed = sealer.seal(secret(Map.of()), Optional.empty());
    String good = sealed.getSpec().getEncryptedData().get("password");
    byte[] tampered = Base64.getDecoder().decode(good);
    tampered[tampered.length - 1] ^= 1;
    sealed
        .getSpec()
        .getEncryptedData()
        .put("username", Base64.getEncoder().encodeToString(tampered));

    assertThatThrownBy(() -> unsealer.unseal(sealed))
        .isInstanceOf(UnsealException.class)
        .hasMessageContaining("item \"username\"")
        .hasMessageNotContaining("password")
        .hasMessageNotContaining(PLAINTEXT);
  }

  @Test
  void notBase64IsReportedAsSuch() throws Exception {
    SealedSecret sealed = sealer.seal(secret(Map.of()), Optional.empty());
    sealed.getSpec().getEncryptedData().put("password", "not base64 !");

    assertThatThrownBy(() -> unsealer.unseal(sealed))
        .isInstanceOf(UnsealException.class)
        .hasMessageStartingWith(
            "item \"password\" is not standard base64 (illegal base64 data at input byte 3)");
  }

  @Test
  void anyActiveKeyOpensAndTheNewestSeals() throws Exception {
    SealingKey older = TestKeys.rsa4096();
    SealingKey newer = TestKeys.other4096();
    SealingKeyRing ring = new SealingKeyRing(List.of(older, newer));
    SealedSecret sealedWithOlder = sealer.seal(secret(Map.of()), Optional.empty());

    assertThat(ring.sealingCertificate()).isEqualTo(newer.certificate());
    assertThat(new SecretUnsealer(ring).unseal(sealedWithOlder).getData()).containsKey("password");
    assertThatThrownBy(
            () -> new SecretUnsealer(new SealingKeyRing(List.of(newer))).unseal(sealedWithOlder))
        .isInstanceOf(UnsealException.class);
  }

  @Test
  void templatedDataIsRefusedAsUnsupported() throws Exception {
    SealedSecret sealed = sealer.seal(secret(Map.of()), Optional.empty());
    sealed.getSpec().getTemplate().setData(Map.of("url", "postgres://{{ .password }}"));

    assertThatThrownBy(() -> unsealer.unseal(sealed))
        .isInstanceOf(UnsealException.class)
        .satisfies(
            e ->
                assertThat(((UnsealException) e).reason())
                    .isEqualTo(SealedSecretConditions.REASON_UNSUPPORTED_SPEC));
  }

  @Test
  void sealingWithoutANamespaceNeedsClusterWideScope() throws Exception {
    Secret noNamespace = secret(Map.of());
    noNamespace.getMetadata().setNamespace(null);

    assertThatThrownBy(() -> sealer.seal(noNamespace, Optional.empty()))
        .isInstanceOf(SealInputException.class)
        .hasMessageContaining("metadata.namespace");
    assertThat(
            sealer
                .seal(noNamespace, Optional.of(SealingScope.CLUSTER_WIDE))
                .getMetadata()
                .getNamespace())
        .isNull();
  }
}
