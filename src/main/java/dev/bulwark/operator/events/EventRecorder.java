package dev.bulwark.operator.events;

import dev.bulwark.text.BoundedText;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events about Bulwark's objects, so `kubectl describe` shows what happened. Events
 * on cluster-scoped objects go to the {@code default} namespace, as Kubernetes' own do. Messages
 * are cut to {@link BoundedText#MESSAGE} bytes: they name objects and repeat what tenants wrote.
 */
public final class EventRecorder {

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "bulwark";

  private final KubernetesClient client;
  private final Clock clock;

  /** Records with {@code client}, stamping Events with {@code clock}'s time. */
  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Records a Normal event; failures are logged, never thrown into a reconcile. */
  public void normal(HasMetadata about, String reason, String message) {
    record(about, "Normal", reason, message);
  }

  /** Records a Warning event; failures are logged, never thrown into a reconcile. */
  public void warning(HasMetadata about, String reason, String message) {
    record(about, "Warning", reason, message);
  }

  /**
   * Records one Event series per ({@code about}, {@code reason}, {@code key}): the first call
   * creates it, later ones raise its count and last timestamp, as the kubelet's event aggregation
   * does, so a recurring condition shows as one Event with a count, not a new Event each time.
   * Failures are logged, never thrown.
   */
  public void series(HasMetadata about, String type, String reason, String key, String message) {
    String namespace =
        about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
    String name = about.getMetadata().getName() + "." + seriesId(about, reason, key);
    String now = clock.instant().toString();
    String text = BoundedText.message(message);
    try {
      var events = client.v1().events().inNamespace(namespace);
      Event existing = events.withName(name).get();
      if (existing == null) {
        events.resource(event(about, namespace, name, type, reason, text, now)).create();
      } else {
        events
            .withName(name)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                Serialization.asJson(
                    Map.of(
                        "count",
                        (existing.getCount() == null ? 1 : existing.getCount()) + 1,
                        "lastTimestamp",
                        now,
                        "message",
                        text)));
      }
    } catch (KubernetesClientException e) {
      log.warn(
          "could not record event {} on {}: {}",
          reason,
          about.getMetadata().getName(),
          e.getMessage());
    }
  }

  private static String seriesId(HasMetadata about, String reason, String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (about.getMetadata().getUid() + "/" + reason + "/" + key)
                      .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private void record(HasMetadata about, String type, String reason, String message) {
    String namespace =
        about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
    String now = clock.instant().toString();
    var event =
        event(
            about,
            namespace,
            about.getMetadata().getName()
                + "."
                + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT),
            type,
            reason,
            BoundedText.message(message),
            now);
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      log.warn(
          "could not record event {} on {}: {}",
          reason,
          about.getMetadata().getName(),
          e.getMessage());
    }
  }

  private static Event event(
      HasMetadata about,
      String namespace,
      String name,
      String type,
      String reason,
      String message,
      String now) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(about.getApiVersion())
                .withKind(about.getKind())
                .withName(about.getMetadata().getName())
                .withNamespace(about.getMetadata().getNamespace())
                .withUid(about.getMetadata().getUid())
                .build())
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .build();
  }
}
