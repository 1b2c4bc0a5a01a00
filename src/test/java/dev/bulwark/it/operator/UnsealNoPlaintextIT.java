package dev.bulwark.it.operator;

import static dev.bulwark.testing.RunningSealedSecretsOperator.secret;
import static dev.bulwark.testing.RunningSealedSecretsOperator.synced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.api.SealedSecret;
import dev.bulwark.api.SealedSecretConditions;
import dev.bulwark.seal.SecretSealer;
import dev.bulwark.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The operator's unseal path on malformed SealedSecrets that the API server accepts: no secret
 * value reaches the status, the Events or the operator's log; and an {@code encryptedData} value
 * wrapped across lines opens, as Go's decoder in the Sealed Secrets controller opens it.
 */
@LocalCluster
class UnsealNoPlaintextIT extends SealedSecretsTestBase {

  private static final String PLAINTEXT = "hunter2-topsecret";

  private SecretSealer sealer;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @Override
  void beforeOperatorStarts() {
    log.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(log);
  }

  @BeforeAll
  void makeASealer() throws Exception {
    sealer = sealer();
  }

  @AfterAll
  void detachTheLog() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
  }

  private SealedSecret sealed(String namespace, String name) throws Exception {
    return seal(sealer, namespace, name, Map.of("password", PLAINTEXT));
  }

  /** Synced=False with {@code reason}; the marker nowhere in status, Events or log lines. */
  private void assertRefusedWithoutPlaintext(String namespace, String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(synced(client, namespace, name)).isEqualTo("False/" + reason));
    SealedSecret object =
        client.resources(SealedSecret.class).inNamespace(namespace).withName(name).get();
    assertThat(Serialization.asJson(object.getStatus())).doesNotContain(PLAINTEXT);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                    .filteredOn(e -> name.equals(e.getInvolvedObject().getName()))
                    .isNotEmpty()
                    .allSatisfy(
                        e -> assertThat(Serialization.asJson(e)).doesNotContain(PLAINTEXT)));
    assertThat(secret(client, namespace, name)).isNull();
    assertThat(log.list)
        .allSatisfy(
            e ->
                assertThat(
                        e.getFormattedMessage()
                            + (e.getThrowableProxy() == null
                                ? ""
                                : e.getThrowableProxy().getMessage()))
                    .doesNotContain(PLAINTEXT));
  }

  @Test
  void plaintextWhereCiphertextBelongsIsNotEchoed() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    SealedSecret object = sealed(namespace, "not-base64");
    object.getSpec().getEncryptedData().put("password", PLAINTEXT + "!");
    client.resource(object).create();
    assertRefusedWithoutPlaintext(
        namespace, "not-base64", SealedSecretConditions.REASON_INVALID_ENCODING);
  }

  @Test
  void aHugeValueIsNotEchoed() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    SealedSecret object = sealed(namespace, "huge");
    object.getSpec().getEncryptedData().put("password", (PLAINTEXT + " ").repeat(20_000));
    client.resource(object).create();
    assertRefusedWithoutPlaintext(
        namespace, "huge", SealedSecretConditions.REASON_INVALID_ENCODING);
  }

  @Test
  void base64OfPlaintextInsteadOfCiphertextIsNotEchoed() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    SealedSecret object = sealed(namespace, "plain-base64");
    object
        .getSpec()
        .getEncryptedData()
        .put(
            "password",
            Base64.getEncoder().encodeToString(PLAINTEXT.getBytes(StandardCharsets.UTF_8)));
    client.resource(object).create();
    assertRefusedWithoutPlaintext(
        namespace, "plain-base64", SealedSecretConditions.REASON_DECRYPTION_FAILED);
  }

  @Test
  void templatedPlaintextIsNotEchoed() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    SealedSecret object = sealed(namespace, "templated");
    object.getSpec().getTemplate().setData(Map.of("password", PLAINTEXT));
    client.resource(object).create();
    assertRefusedWithoutPlaintext(
        namespace, "templated", SealedSecretConditions.REASON_UNSUPPORTED_SPEC);
  }

  @Test
  void encryptedDataWrappedAcrossLinesIsUnsealedByTheOperator() throws Exception {
    String namespace = cluster.createNamespace(Map.of());
    SealedSecret object = sealed(namespace, "wrapped");
    String value = object.getSpec().getEncryptedData().get("password");
    StringBuilder wrapped = new StringBuilder();
    for (int i = 0; i < value.length(); i += 76) {
      wrapped.append(value, i, Math.min(value.length(), i + 76)).append("\r\n");
    }
    object.getSpec().getEncryptedData().put("password", wrapped.toString());
    client.resource(object).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(synced(client, namespace, "wrapped")).isEqualTo("True/Unsealed"));
    Secret opened = secret(client, namespace, "wrapped");
    assertThat(
            new String(
                Base64.getDecoder().decode(opened.getData().get("password")),
                StandardCharsets.UTF_8))
        .isEqualTo(PLAINTEXT);
  }
}
