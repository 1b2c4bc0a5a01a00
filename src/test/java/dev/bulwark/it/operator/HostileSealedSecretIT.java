package dev.bulwark.it.operator;

import static dev.bulwark.testing.RunningSealedSecretsOperator.synced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.api.SealedSecret;
import dev.bulwark.api.SealedSecretConditions;
import dev.bulwark.api.SealedSecretSpec;
import dev.bulwark.seal.SealedSecretReconciler;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningSealedSecretsOperator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A hostile SealedSecret costs little: the API server refuses too many items or overlong values, a
 * failing one is retried with capped exponential backoff, and an unseal stops at the first item no
 * key opens (issue 10, item 9).
 */
@LocalCluster
class HostileSealedSecretIT extends SealedSecretsTestBase {

  private static final Pattern ATTEMPT =
      Pattern.compile(
          "SealedSecret (\\S+) not synced \\((\\w+)\\); attempt (\\d+), next in (\\d+) s");

  /** The CRD's bounds on spec.encryptedData (the contract, spelled out rather than imported). */
  private static final int MAX_ITEMS = 256;

  private static final int MAX_VALUE_LENGTH = 1_400_000;

  @Test
  void theApiServerRefusesMoreItemsThanTheBound() {
    String namespace = cluster.createNamespace(Map.of());
    Map<String, String> items = new LinkedHashMap<>();
    for (int i = 0; i <= MAX_ITEMS; i++) {
      items.put("item-" + i, "AAAA");
    }

    assertThatThrownBy(() -> client.resource(sealedSecret(namespace, "many", items)).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage())
                  .contains("spec.encryptedData")
                  .contains("must have at most " + MAX_ITEMS);
            });
  }

  @Test
  void theApiServerRefusesAnOverlongValue() {
    String namespace = cluster.createNamespace(Map.of());
    Map<String, String> items = Map.of("huge", "A".repeat(MAX_VALUE_LENGTH + 4));

    assertThatThrownBy(() -> client.resource(sealedSecret(namespace, "huge", items)).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage())
                  .contains("spec.encryptedData.huge")
                  .contains("may not be more than " + MAX_VALUE_LENGTH);
            });
  }

  @Test
  void aFailingSealedSecretIsRetriedWithExponentialBackoffAndStopsAtTheFirstBadItem() {
    String namespace = cluster.createNamespace(Map.of());
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger logger = (Logger) LoggerFactory.getLogger(SealedSecretReconciler.class);
    logger.addAppender(log);
    try {
      // "a" is base64 that no key opens; "b" is not even base64. Items are opened in key order,
      // so the unseal must stop at "a" and never report "b".
      Map<String, String> items = new LinkedHashMap<>();
      items.put("b", "not base64 !");
      items.put("a", Base64.getEncoder().encodeToString(new byte[600]));
      client.resource(sealedSecret(namespace, "hostile", items)).create();

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(attempts(log, namespace + "/hostile")).hasSize(5));

      List<Attempt> attempts = attempts(log, namespace + "/hostile");
      assertThat(attempts)
          .extracting(Attempt::announcedDelaySeconds)
          .containsExactly(2L, 2L, 4L, 8L, 16L);
      for (int i = 1; i < attempts.size(); i++) {
        long waitedMillis = attempts.get(i).at() - attempts.get(i - 1).at();
        assertThat(waitedMillis)
            .as("wait before attempt %d", i + 1)
            .isGreaterThanOrEqualTo(attempts.get(i - 1).announcedDelaySeconds() * 1000 - 200);
      }
      assertThat(synced(client, namespace, "hostile"))
          .isEqualTo("False/" + SealedSecretConditions.REASON_DECRYPTION_FAILED);
      String message =
          RunningSealedSecretsOperator.syncedCondition(
                  client
                      .resources(SealedSecret.class)
                      .inNamespace(namespace)
                      .withName("hostile")
                      .get()
                      .getStatus())
              .orElseThrow()
              .getMessage();
      assertThat(message).contains("item \"a\"").doesNotContain("item \"b\"");
    } finally {
      logger.detachAppender(log);
    }
  }

  private static SealedSecret sealedSecret(
      String namespace, String name, Map<String, String> items) {
    SealedSecret sealed = new SealedSecret();
    sealed.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    SealedSecretSpec spec = new SealedSecretSpec();
    spec.setEncryptedData(new LinkedHashMap<>(items));
    sealed.setSpec(spec);
    return sealed;
  }

  /** One failed attempt as the reconciler logged it. */
  private record Attempt(long at, long announcedDelaySeconds) {}

  private static List<Attempt> attempts(ListAppender<ILoggingEvent> log, String sealedSecret) {
    List<Attempt> attempts = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(log.list)) {
      Matcher matcher = ATTEMPT.matcher(event.getFormattedMessage());
      if (matcher.matches() && matcher.group(1).equals(sealedSecret)) {
        attempts.add(new Attempt(event.getTimeStamp(), Long.parseLong(matcher.group(4))));
      }
    }
    return attempts;
  }
}
