package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.api.SealedSecretConditions;
import dev.bulwark.seal.KeyFormatException;
import dev.bulwark.seal.KeyPem;
import dev.bulwark.seal.SealedSecretsOptions;
import dev.bulwark.seal.SealingCertificatePublisher;
import dev.bulwark.seal.SealingKey;
import dev.bulwark.seal.SealingKeyRing;
import dev.bulwark.seal.SealingKeySecrets;
import dev.bulwark.seal.SecretSealer;
import dev.bulwark.seal.SecretUnsealer;
import dev.bulwark.seal.TestKeys;
import dev.bulwark.seal.UnsealException;
import dev.bulwark.testing.Kubeseal;
import dev.bulwark.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys renew on schedule and on demand; the newest seals, older ones keep unsealing; a key labelled
 * compromised stops unsealing; Bitnami's key Secrets are imported as they are.
 */
@LocalCluster
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyRotationIT extends SealedSecretsTestBase {

  private static final Duration RENEW_PERIOD = Duration.ofSeconds(8);

  @Override
  SealedSecretsOptions options(SealedSecretsOptions defaults) {
    return defaults.withKeyRenewPeriod(RENEW_PERIOD);
  }

  private SealedSecret seal(X509Certificate cert, String namespace, String name) throws Exception {
    return seal(
        new SecretSealer((RSAPublicKey) cert.getPublicKey()),
        namespace,
        name,
        Map.of("password", "rotated-" + name));
  }

  private List<Secret> keySecrets() {
    return client
        .secrets()
        .inNamespace(operator.namespace())
        .withLabel(SealingKeySecrets.LABEL)
        .list()
        .getItems();
  }

  @Test
  void afterScheduledRenewalNewSealsUseTheNewKeyAndOldSealsStillUnseal() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    X509Certificate before = operator.certificate(client);
    SealedSecret sealedBefore = seal(before, namespace, "before");
    client.resource(sealedBefore).create();
    awaitSynced(namespace, "before", "True/Unsealed");

    await()
        .atMost(RENEW_PERIOD.multipliedBy(3))
        .until(() -> !operator.certificate(client).equals(before));
    X509Certificate after = operator.certificate(client);
    assertThat(after.getNotBefore()).isAfter(before.getNotBefore());

    SealedSecret sealedAfter = seal(after, namespace, "after");
    client.resource(sealedAfter).create();
    awaitSynced(namespace, "after", "True/Unsealed");
    SealedSecret lateOldSeal = seal(before, namespace, "late-old-seal");
    client.resource(lateOldSeal).create();
    awaitSynced(namespace, "late-old-seal", "True/Unsealed");

    SealingKey oldKey = keyFor(before);
    assertThatThrownBy(
            () -> new SecretUnsealer(new SealingKeyRing(List.of(oldKey))).unseal(sealedAfter))
        .isInstanceOf(UnsealException.class);
    assertThat(keySecrets()).allSatisfy(s -> assertThat(SealingKeySecrets.isActive(s)).isTrue());
  }

  @Test
  void renewalOnDemandPublishesANewCertificate() throws Exception {
    X509Certificate before = operator.certificate(client);

    String name = operator.module().renewKeyNow();

    X509Certificate after = operator.certificate(client);
    assertThat(after).isNotEqualTo(before);
    assertThat(
            SealingKeySecrets.fromSecret(
                    client.secrets().inNamespace(operator.namespace()).withName(name).get())
                .certificate())
        .contains(after);
  }

  @Test
  void renewalOnRequestByAnnotationMakesANewKeyAndClearsTheRequest() throws Exception {
    X509Certificate before = operator.certificate(client);

    client
        .configMaps()
        .inNamespace(operator.namespace())
        .withName(SealingCertificatePublisher.CONFIG_MAP)
        .edit(
            cm -> {
              cm.getMetadata()
                  .getAnnotations()
                  .put(SealingCertificatePublisher.RENEW_ANNOTATION, "now");
              return cm;
            });

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(operator.certificate(client)).isNotEqualTo(before);
              assertThat(
                      client
                          .configMaps()
                          .inNamespace(operator.namespace())
                          .withName(SealingCertificatePublisher.CONFIG_MAP)
                          .get()
                          .getMetadata()
                          .getAnnotations())
                  .doesNotContainKey(SealingCertificatePublisher.RENEW_ANNOTATION);
            });
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: it takes a key out of service
  void compromisedKeyNoLongerUnseals() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    String keyName = operator.module().renewKeyNow();
    X509Certificate cert = operator.certificate(client);
    client.resource(seal(cert, namespace, "trusted")).create();
    awaitSynced(namespace, "trusted", "True/Unsealed");

    client
        .secrets()
        .inNamespace(operator.namespace())
        .withName(keyName)
        .edit(
            s -> {
              s.getMetadata()
                  .getLabels()
                  .put(SealingKeySecrets.LABEL, SealingKeySecrets.COMPROMISED);
              return s;
            });

    // The procedure the docs give: mark the key compromised, then renew so nothing seals with it.
    operator.module().renewKeyNow();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                operator.module().keys().ring().keys().stream()
                    .noneMatch(k -> k.id().endsWith("/" + keyName)));
    client.resource(seal(cert, namespace, "after-compromise")).create();
    awaitSynced(
        namespace, "after-compromise", "False/" + SealedSecretConditions.REASON_DECRYPTION_FAILED);
  }

  @Test
  void bitnamiKeySecretIsImportedAsItIs(@TempDir Path tmp) throws Exception {
    SealingKey bitnamiKey = TestKeys.generate("bitnami", 4096, "2024-01-01T00:00:00Z");
    Secret bitnamiSecret =
        SealingKeySecrets.toSecret(bitnamiKey, operator.namespace(), "sealed-secrets-keyabcde");
    bitnamiSecret
        .getMetadata()
        .setLabels(Map.of(SealingKeySecrets.BITNAMI_LABEL, SealingKeySecrets.ACTIVE));
    client.resource(bitnamiSecret).create();
    Path cert = tmp.resolve("bitnami-cert.pem");
    Files.writeString(cert, KeyPem.write(bitnamiKey.certificate().orElseThrow()));
    String namespace = cluster.createNamespace(Map.of());
    String secretYaml =
        Serialization.asYaml(
            new SecretBuilder()
                .withNewMetadata()
                .withName("from-bitnami")
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(Map.of("password", "migrated"))
                .build());

    SealedSecret sealed =
        Serialization.unmarshal(
            Kubeseal.locate().seal(cert, "strict", secretYaml), SealedSecret.class);
    sealed.setApiVersion(SealedSecret.API_VERSION);
    client.resource(sealed).create();

    awaitSynced(namespace, "from-bitnami", "True/Unsealed");
    assertThat(operator.certificate(client)).isNotEqualTo(bitnamiKey.certificate().orElseThrow());
  }

  private SealingKey keyFor(X509Certificate cert) throws KeyFormatException {
    for (Secret secret : keySecrets()) {
      SealingKey key = SealingKeySecrets.fromSecret(secret);
      if (key.certificate().filter(cert::equals).isPresent()) {
        return key;
      }
    }
    throw new AssertionError("no key Secret holds the certificate");
  }
}
