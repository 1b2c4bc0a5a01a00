package dev.bulwark.operator.admission;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.plan.Ownership;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the generated admission objects (ValidatingAdmissionPolicies and
 * MutatingAdmissionPolicies with their bindings, labelled {@code
 * app.kubernetes.io/managed-by=bulwark} and {@code bulwark.dev/baseline}) whose baseline no longer
 * exists. Owner references let the garbage collector remove them with their baseline, but not after
 * {@code kubectl delete --cascade=orphan}, nor when someone stripped the reference: such objects
 * would keep their namespaces under Deny for a baseline that is gone.
 *
 * <p>Sweeps when this process starts leading (so also at start) and when a baseline is deleted (it
 * is told of every SecurityBaseline event as an event source of the baseline reconciler); only the
 * leader sweeps. Each sweep lists the labelled objects and the baselines from the API server, not
 * from caches, so a cache still filling at start never makes a live baseline look gone. Sweeps run
 * one at a time on their own thread; a request while one is queued adds nothing.
 */
public final class AdmissionSweep extends AbstractEventSource<Void, SecurityBaseline>
    implements ResourceEventAware<SecurityBaseline>, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdmissionSweep.class);

  private static final List<ResourceDefinitionContext> KINDS =
      List.of(
          kind("ValidatingAdmissionPolicy", "validatingadmissionpolicies"),
          kind("ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings"),
          kind("MutatingAdmissionPolicy", "mutatingadmissionpolicies"),
          kind("MutatingAdmissionPolicyBinding", "mutatingadmissionpolicybindings"),
          // Last: a binding whose parameters are missing refuses every pod (fails closed), so the
          // imageVulnerabilities parameter objects go only after their bindings.
          kind("bulwark.dev", "v1alpha1", "VulnerableImageSet", "vulnerableimagesets"));

  private final KubernetesClient client;
  private final BooleanSupplier leading;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("bulwark-admission-sweep").daemon(true).factory());
  private final AtomicBoolean queued = new AtomicBoolean();

  /** Sweeps through {@code client} while {@code leading} says this process leads. */
  public AdmissionSweep(KubernetesClient client, BooleanSupplier leading) {
    super(Void.class, "admission-sweep");
    this.client = client;
    this.leading = leading;
  }

  /** Sweeps soon, on the sweep's own thread, if this process leads then. */
  public void sweepSoon() {
    if (!queued.compareAndSet(false, true)) {
      return;
    }
    try {
      thread.execute(
          () -> {
            queued.set(false);
            if (leading.getAsBoolean()) {
              sweep();
            }
          });
    } catch (RejectedExecutionException e) {
      // Stopped: nothing to sweep for any more.
      queued.set(false);
    }
  }

  /**
   * Deletes every generated admission object whose baseline does not exist now; returns what was
   * deleted, e.g. {@code ValidatingAdmissionPolicy bulwark-prod-image-digest}. A kind the API
   * server does not serve (or lets this process not list) is skipped.
   */
  public List<String> sweep() {
    List<String> deleted = new ArrayList<>();
    try {
      Set<String> baselines =
          client.resources(SecurityBaseline.class).list().getItems().stream()
              .map(b -> b.getMetadata().getName())
              .collect(Collectors.toSet());
      for (ResourceDefinitionContext kind : KINDS) {
        for (GenericKubernetesResource object : generated(kind)) {
          String baseline = object.getMetadata().getLabels().get(Ownership.BASELINE_LABEL);
          if (baselines.contains(baseline)) {
            continue;
          }
          client.genericKubernetesResources(kind).resource(object).delete();
          deleted.add(kind.getKind() + " " + object.getMetadata().getName());
        }
      }
    } catch (KubernetesClientException e) {
      log.warn("could not sweep admission objects of deleted baselines: {}", e.getMessage());
    }
    if (!deleted.isEmpty()) {
      log.info("deleted admission objects of baselines that no longer exist: {}", deleted);
    }
    return deleted;
  }

  private List<GenericKubernetesResource> generated(ResourceDefinitionContext kind) {
    try {
      return client
          .genericKubernetesResources(kind)
          .withLabel(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY_VALUE)
          .withLabel(Ownership.BASELINE_LABEL)
          .list()
          .getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND
          || e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
        log.debug("not sweeping {}: HTTP {}", kind.getKind(), e.getCode());
        return List.of();
      }
      throw e;
    }
  }

  @Override
  public void onResourceDeleted(SecurityBaseline baseline) {
    sweepSoon();
  }

  @Override
  public void stop() {
    super.stop();
    close();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  @Override
  public Set<Void> getSecondaryResources(SecurityBaseline primary) {
    return Set.of();
  }

  private static ResourceDefinitionContext kind(String kind, String plural) {
    return kind("admissionregistration.k8s.io", "v1", kind, plural);
  }

  private static ResourceDefinitionContext kind(
      String group, String version, String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(false)
        .build();
  }
}
