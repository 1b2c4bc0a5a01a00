package dev.bulwark.seal;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on sealing key Secrets: a key refused, a key adopted for sealing. Messages
 * name the Secret and why, never key material; a failure to record is logged, never thrown.
 */
public class SealingKeyEvents {

  /** Warning: a key Secret is not used at all (malformed or unsound). */
  public static final String REASON_REFUSED = "SealingKeyRefused";

  /** Normal: new SealedSecrets are now sealed to this key Secret's certificate. */
  public static final String REASON_ADOPTED = "SealingKeyAdopted";

  private static final Logger LOG = LoggerFactory.getLogger(SealingKeyEvents.class);

  private final KubernetesClient client;
  private final Clock clock;

  /** Events written with {@code client}, timestamped by {@code clock}. */
  public SealingKeyEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * A Warning Event on the key Secret {@code namespace/name}: it is refused because {@code why}.
   */
  public void refused(String namespace, String name, String uid, String why) {
    record(namespace, name, uid, "Warning", REASON_REFUSED, "Sealing key refused: " + why);
  }

  /** A Normal Event on the key Secret {@code namespace/name}, now the sealing key. */
  public void adopted(String namespace, String name, String uid, String message) {
    record(namespace, name, uid, "Normal", REASON_ADOPTED, message);
  }

  void record(String namespace, String name, String uid, String type, String reason, String msg) {
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withGenerateName(name + ".")
            .withNamespace(namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion("v1")
            .withKind("Secret")
            .withName(name)
            .withNamespace(namespace)
            .withUid(uid)
            .endInvolvedObject()
            .withReason(reason)
            .withMessage(msg)
            .withType(type)
            .withNewSource()
            .withComponent(SealedSecretEvents.COMPONENT)
            .endSource()
            .withReportingComponent(SealedSecretEvents.COMPONENT)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not record Event {} on Secret {}/{}: {}", reason, namespace, name, e.getMessage());
    }
  }
}
