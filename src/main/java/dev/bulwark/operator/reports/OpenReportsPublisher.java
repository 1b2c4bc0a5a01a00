package dev.bulwark.operator.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.api.ReportsSpec;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.plan.Ownership;
import dev.bulwark.report.OpenReport;
import dev.bulwark.report.ResultExtras;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the OpenReports {@code Report} named {@code bulwark} of each governed namespace equal to
 * its latest findings: written (server-side apply, field manager {@code bulwark}) only when its
 * content changes, deleted when the namespace is released or its baseline turns reports off.
 *
 * <p>What each namespace's Report holds is remembered (as a {@link ReportDigest} of its content)
 * from the last write, seeded once from a list of Bulwark's Reports when the API is first found, so
 * an unchanged namespace costs no API call at all. A {@link OpenReportsInformer} watches those
 * Reports: one someone else edits or deletes no longer holds what was remembered, is forgotten, and
 * its namespace is reconciled at once, which writes it again. Called from the namespace reconciler,
 * one call per namespace at a time.
 */
public final class OpenReportsPublisher {

  private static final Logger log = LoggerFactory.getLogger(OpenReportsPublisher.class);

  /** Marks a namespace known to have no Report of Bulwark's. */
  private static final ReportDigest ABSENT =
      ReportDigest.of(JsonNodeFactory.instance.missingNode());

  private final KubernetesClient client;
  private final OpenReportsApi api;
  private final Duration retry;

  /** Per namespace, the digest of the content its Report holds (not the content: issue 24). */
  private final Map<String, ReportDigest> known = new ConcurrentHashMap<>();

  private final Set<String> waiting = ConcurrentHashMap.newKeySet();
  private volatile boolean seeded;
  private volatile Consumer<String> wake = namespace -> {};
  private final OpenReportsInformer informer;

  /**
   * While the OpenReports API is missing, the namespaces that want a Report wait, and only one of
   * them (this one) comes back every the API recheck period to ask discovery again; when the API
   * appears it wakes the others. So a cluster without the CRDs costs one reconcile a minute, not
   * one per namespace.
   */
  private String lookout;

  /**
   * Writes with {@code client}; {@code clock} paces the looks for a missing OpenReports API, once
   * per {@code apiRecheck}; a failed write is retried after {@code retry}.
   */
  public OpenReportsPublisher(
      KubernetesClient client, Duration apiRecheck, Duration retry, Clock clock) {
    this.client = client;
    this.retry = retry;
    this.api = new OpenReportsApi(client, apiRecheck, clock);
    this.informer = new OpenReportsInformer(client, this::seen, this::unserved);
  }

  /**
   * How to bring a namespace's reconcile forward (once, now): called for the namespaces that waited
   * for the OpenReports API when it appears, and for a namespace whose Report another writer
   * changed or deleted.
   */
  public void onApiServed(Consumer<String> wake) {
    this.wake = wake;
  }

  /**
   * Brings the Report of {@code namespace} (uid {@code namespaceUid}) in line with {@code
   * violations} found under {@code baseline}, or removes it when the baseline has reports off.
   *
   * @return when to look again: after a failed write, or while the OpenReports API is missing (so
   *     that Reports appear within the API recheck period of its CRDs being installed); empty when
   *     done
   */
  public Optional<Duration> publish(
      String namespace,
      String namespaceUid,
      SecurityBaseline baseline,
      List<Violation> violations) {
    return publish(namespace, namespaceUid, baseline, violations, ResultExtras.NONE);
  }

  /** As {@link #publish(String, String, SecurityBaseline, List)}, with {@code extras}. */
  public Optional<Duration> publish(
      String namespace,
      String namespaceUid,
      SecurityBaseline baseline,
      List<Violation> violations,
      ResultExtras extras) {
    ReportsSpec spec = baseline.getSpec().reports;
    if (spec != null && !spec.enabled) {
      return withdraw(namespace);
    }
    int maxResults = spec == null ? new ReportsSpec().maxResults : spec.maxResults;
    if (!ready(true)) {
      return waitForApi(namespace);
    }
    wakeWaiting(namespace);
    GenericKubernetesResource desired =
        OpenReport.of(
            namespace,
            namespaceUid,
            baseline.getMetadata().getName(),
            violations,
            maxResults,
            extras);
    ReportDigest content = ReportDigest.of(content(desired));
    if (content.equals(known.get(namespace))) {
      return Optional.empty();
    }
    // Known before it is written, so the informer takes the write's own event for ours.
    known.put(namespace, content);
    try {
      reports()
          .inNamespace(namespace)
          .resource(desired)
          .fieldManager(Ownership.FIELD_MANAGER)
          .forceConflicts()
          .serverSideApply();
      log.debug("namespace {}: Report written ({} findings)", namespace, violations.size());
      return Optional.empty();
    } catch (KubernetesClientException e) {
      return failed(namespace, "write", e);
    }
  }

  /**
   * Deletes the Report of {@code namespace} if Bulwark wrote one (the namespace is no longer
   * governed, or its baseline turned reports off).
   *
   * @return when to look again after a failed delete; empty when done
   */
  public Optional<Duration> withdraw(String namespace) {
    stopWaiting(namespace);
    if (!ready(false) || known.getOrDefault(namespace, ABSENT) == ABSENT) {
      return Optional.empty();
    }
    known.put(namespace, ABSENT);
    try {
      reports().inNamespace(namespace).withName(OpenReport.NAME).delete();
      log.debug("namespace {}: Report deleted", namespace);
      return Optional.empty();
    } catch (KubernetesClientException e) {
      return failed(namespace, "delete", e);
    }
  }

  /**
   * The informer saw {@code report} (null: deleted) in {@code namespace}: if it no longer holds
   * what Bulwark last wrote, another writer changed it; forget what was written and reconcile the
   * namespace, which writes it again (or, for one not governed, finds nothing to do).
   */
  private void seen(String namespace, GenericKubernetesResource report) {
    ReportDigest expected = known.get(namespace);
    if (expected == null) {
      return;
    }
    ReportDigest actual = report == null ? ABSENT : ReportDigest.of(content(report));
    if (!actual.equals(expected) && known.remove(namespace, expected)) {
      log.info(
          "namespace {}: Report {} by another writer, writing it again",
          namespace,
          report == null ? "deleted" : "changed");
      wake.accept(namespace);
    }
  }

  /** The informer found the Report resource gone: learn it again when it is back. */
  private void unserved() {
    api.lost();
    seeded = false;
    known.clear();
  }

  /** {@code namespace} waits for the API; only the lookout is told to come back. */
  private synchronized Optional<Duration> waitForApi(String namespace) {
    waiting.add(namespace);
    if (lookout == null || !waiting.contains(lookout)) {
      lookout = namespace;
    }
    return namespace.equals(lookout) ? Optional.of(api.recheck()) : Optional.empty();
  }

  /** The API is served: every other namespace that waited is reconciled again, once. */
  private void wakeWaiting(String namespace) {
    List<String> woken;
    synchronized (this) {
      if (waiting.isEmpty()) {
        return;
      }
      woken = new ArrayList<>(waiting);
      waiting.clear();
      lookout = null;
    }
    woken.stream().filter(other -> !other.equals(namespace)).forEach(wake);
  }

  /** {@code namespace} no longer wants a Report; if it was the lookout, another one takes over. */
  private void stopWaiting(String namespace) {
    String next = null;
    synchronized (this) {
      if (!waiting.remove(namespace) || !namespace.equals(lookout)) {
        return;
      }
      lookout = null;
      if (!waiting.isEmpty()) {
        next = waiting.iterator().next();
      }
    }
    if (next != null) {
      wake.accept(next);
    }
  }

  private Optional<Duration> failed(String namespace, String what, KubernetesClientException e) {
    known.remove(namespace);
    if (e.getCode() == 404) {
      if (namespaceNotFound(e, namespace) || api.servedNow()) {
        // The namespace went away during the reconcile (its deletion forgets it; nothing to retry),
        // not the resource type: the API is served, what is known of other namespaces holds.
        log.debug("namespace {}: gone before its Report could be written", namespace);
        return Optional.empty();
      }
      // The resource type itself is gone (its CRDs were deleted).
      api.lost();
      seeded = false;
      known.clear();
      return waitForApi(namespace);
    }
    log.warn("namespace {}: cannot {} its Report, retrying: {}", namespace, what, e.getMessage());
    return Optional.of(retry);
  }

  /** Whether the API server said that {@code namespace} itself does not exist. */
  private static boolean namespaceNotFound(KubernetesClientException e, String namespace) {
    var details = e.getStatus() == null ? null : e.getStatus().getDetails();
    return details != null
        && "namespaces".equals(details.getKind())
        && namespace.equals(details.getName());
  }

  /** Whether the API is served and what exists of Bulwark's Reports is known. */
  private boolean ready(boolean wanted) {
    if (!api.available(wanted)) {
      return false;
    }
    if (!seeded) {
      seed();
    }
    return seeded;
  }

  /** Learns every Report Bulwark wrote before this process started, in one list call. */
  private synchronized void seed() {
    if (seeded) {
      return;
    }
    try {
      GenericKubernetesResourceList list =
          reports()
              .inAnyNamespace()
              .withLabel(OpenReport.MANAGED_BY_LABEL, OpenReport.SOURCE)
              .list();
      known.clear();
      for (GenericKubernetesResource report : list.getItems()) {
        if (OpenReport.NAME.equals(report.getMetadata().getName())) {
          known.put(report.getMetadata().getNamespace(), ReportDigest.of(content(report)));
        }
      }
      seeded = true;
      informer.start();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        api.lost();
      } else {
        log.warn("cannot list existing Reports, retrying: {}", e.getMessage());
      }
    }
  }

  private MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      reports() {
    return client.genericKubernetesResources(OpenReport.RESOURCE);
  }

  /**
   * The parts of a Report Bulwark decides (its labels, annotations and top-level fields), as JSON,
   * so the one built and the one read back compare equal when they say the same.
   */
  static JsonNode content(GenericKubernetesResource report) {
    ObjectNode node = Serialization.jsonMapper().valueToTree(report);
    ObjectNode content = JsonNodeFactory.instance.objectNode();
    JsonNode metadata = node.path("metadata");
    ObjectNode labels = content.putObject("labels");
    labels.set(
        OpenReport.MANAGED_BY_LABEL, metadata.path("labels").path(OpenReport.MANAGED_BY_LABEL));
    labels.set(OpenReport.BASELINE_LABEL, metadata.path("labels").path(OpenReport.BASELINE_LABEL));
    ObjectNode annotations = content.putObject("annotations");
    for (String key : List.of(OpenReport.NAMESPACE_UID_ANNOTATION, OpenReport.OMITTED_ANNOTATION)) {
      annotations.set(key, metadata.path("annotations").path(key));
    }
    for (String field : List.of("source", "configuration", "summary", "results")) {
      content.set(field, node.path(field));
    }
    return content;
  }
}
