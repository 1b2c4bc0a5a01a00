package dev.bulwark.seal;

import dev.bulwark.api.SealedSecret;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records core/v1 Events on a SealedSecret; a failure to record never fails the reconcile. */
final class SealedSecretEvents {

  private static final Logger LOG = LoggerFactory.getLogger(SealedSecretEvents.class);
  static final String COMPONENT = "bulwark";

  private final KubernetesClient client;

  SealedSecretEvents(KubernetesClient client) {
    this.client = client;
  }

  void record(SealedSecret sealed, UnsealOutcome.Event event) {
    String now =
        DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    Event resource =
        new EventBuilder()
            .withNewMetadata()
            .withGenerateName(sealed.getMetadata().getName() + ".")
            .withNamespace(sealed.getMetadata().getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(SealedSecret.API_VERSION)
            .withKind("SealedSecret")
            .withName(sealed.getMetadata().getName())
            .withNamespace(sealed.getMetadata().getNamespace())
            .withUid(sealed.getMetadata().getUid())
            .withResourceVersion(sealed.getMetadata().getResourceVersion())
            .endInvolvedObject()
            .withReason(event.reason())
            .withMessage(event.message())
            .withType(event.warning() ? "Warning" : "Normal")
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client
          .v1()
          .events()
          .inNamespace(sealed.getMetadata().getNamespace())
          .resource(resource)
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not record Event {} on SealedSecret {}/{}: {}",
          event.reason(),
          sealed.getMetadata().getNamespace(),
          sealed.getMetadata().getName(),
          e.getMessage());
    }
  }
}
