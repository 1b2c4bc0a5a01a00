package dev.bulwark.operator.reports;

import dev.bulwark.report.OpenReport;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Bulwark's own Reports (label {@code app.kubernetes.io/managed-by=bulwark}, name {@code
 * bulwark}) in every namespace and hands each version it sees, or null for a deletion, to the
 * publisher, so a Report another writer edited or deleted is put back within the namespace's next
 * reconcile, not at its next change of findings. Runs only while the OpenReports API is served: a
 * plain fabric8 informer started and stopped with it, not a java-operator-sdk event source, whose
 * start would fail while the CRD is not installed.
 */
final class OpenReportsInformer {

  private static final Logger log = LoggerFactory.getLogger(OpenReportsInformer.class);

  private final KubernetesClient client;
  private final BiConsumer<String, GenericKubernetesResource> seen;
  private final Runnable gone;
  private SharedIndexInformer<GenericKubernetesResource> informer;

  /**
   * @param seen called with a namespace and the Report now there (null: deleted)
   * @param gone called when the Report resource itself is no longer served (its CRD was deleted)
   */
  OpenReportsInformer(
      KubernetesClient client, BiConsumer<String, GenericKubernetesResource> seen, Runnable gone) {
    this.client = client;
    this.seen = seen;
    this.gone = gone;
  }

  /** Starts watching unless it already does. */
  synchronized void start() {
    if (informer != null && informer.isRunning()) {
      return;
    }
    stop();
    informer =
        client
            .genericKubernetesResources(OpenReport.RESOURCE)
            .inAnyNamespace()
            .withLabel(OpenReport.MANAGED_BY_LABEL, OpenReport.SOURCE)
            .runnableInformer(0);
    // The handlers get each version whole; the store keeps only what a relist compares (name,
    // namespace, resourceVersion), not a second copy of every namespace's results (issue 24).
    informer.itemStore(new TransformingItemStore<>(OpenReportsInformer::metadataOnly));
    informer.exceptionHandler(
        (started, e) -> {
          if (e instanceof KubernetesClientException k && k.getCode() == 404) {
            log.debug("Report informer: the resource is gone, stopping");
            gone.run();
            return false;
          }
          return true;
        });
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource report) {
            handle(report, report);
          }

          @Override
          public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource report) {
            handle(report, report);
          }

          @Override
          public void onDelete(GenericKubernetesResource report, boolean finalStateUnknown) {
            handle(report, null);
          }
        });
    informer.start();
  }

  /** Stops watching (the API went away). */
  synchronized void stop() {
    if (informer != null) {
      informer.stop();
      informer = null;
    }
  }

  /** A new object with only the identity and version of {@code report}. */
  static GenericKubernetesResource metadataOnly(GenericKubernetesResource report) {
    GenericKubernetesResource slim = new GenericKubernetesResource();
    slim.setApiVersion(report.getApiVersion());
    slim.setKind(report.getKind());
    slim.setMetadata(
        new ObjectMetaBuilder()
            .withName(report.getMetadata().getName())
            .withNamespace(report.getMetadata().getNamespace())
            .withUid(report.getMetadata().getUid())
            .withResourceVersion(report.getMetadata().getResourceVersion())
            .build());
    return slim;
  }

  private void handle(GenericKubernetesResource which, GenericKubernetesResource now) {
    if (which.getMetadata() != null && OpenReport.NAME.equals(which.getMetadata().getName())) {
      seen.accept(which.getMetadata().getNamespace(), now);
    }
  }
}
