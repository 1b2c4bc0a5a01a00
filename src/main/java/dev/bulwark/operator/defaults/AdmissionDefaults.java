package dev.bulwark.operator.defaults;

import dev.bulwark.api.ExceptionSpec;
import dev.bulwark.api.Mode;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.defaults.DefaultSetting;
import dev.bulwark.defaults.DefaultingPolicy;
import dev.bulwark.operator.OperatorTimings;
import dev.bulwark.operator.SpecReplacement;
import dev.bulwark.operator.events.EventReasons;
import dev.bulwark.operator.events.EventRecorder;
import dev.bulwark.operator.writes.FieldManagers;
import dev.bulwark.operator.writes.ObjectRef;
import dev.bulwark.operator.writes.RepairBackoff;
import dev.bulwark.plan.Ownership;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each baseline's generated MutatingAdmissionPolicy and binding ({@link DefaultingPolicy})
 * equal to the plan: created when {@code spec.defaults.admission} is on in Enforce mode, put back
 * when changed or deleted (the informers map each object to its baseline by label), deleted when
 * the baseline turns the feature off or switches to Audit, and deleted with the baseline (owner
 * reference for the garbage collector, plus a sweep of objects whose baseline is gone). A writer
 * that keeps changing one back gets two immediate repairs, then backoff (see {@link #repairWait}).
 */
public final class AdmissionDefaults {

  private static final Logger log = LoggerFactory.getLogger(AdmissionDefaults.class);

  private static final String SELECTOR =
      Ownership.MANAGED_BY_LABEL
          + "="
          + Ownership.MANAGED_BY_VALUE
          + ","
          + DefaultingPolicy.COMPONENT_LABEL
          + "="
          + DefaultingPolicy.COMPONENT;

  private final InformerEventSource<GenericKubernetesResource, SecurityBaseline> policies;
  private final InformerEventSource<GenericKubernetesResource, SecurityBaseline> bindings;
  private final EventRecorder events;
  private final boolean served;

  /** Repairs within the repair window before backing off from a writer that keeps changing back. */
  static final int FREE_REPAIRS = 2;

  /** When the policy and binding may be repaired again. */
  private final RepairBackoff backoff;

  /**
   * Informers over the generated policies and bindings, each mapped to its baseline; none when the
   * API server does not serve MutatingAdmissionPolicy v1 (Kubernetes before 1.36, or the API turned
   * off), and then {@link #reconcile} only logs that defaults at admission are unavailable.
   */
  public AdmissionDefaults(
      EventSourceContext<SecurityBaseline> context, EventRecorder events, OperatorTimings timings) {
    this.backoff = new RepairBackoff(timings, FREE_REPAIRS);
    this.served =
        context.getClient().supports(DefaultingPolicy.API_VERSION, DefaultingPolicy.POLICY_KIND);
    this.policies =
        served ? informer(DefaultingPolicy.POLICY_KIND, "pod-defaults-policies", context) : null;
    this.bindings =
        served ? informer(DefaultingPolicy.BINDING_KIND, "pod-defaults-bindings", context) : null;
    this.events = events;
    if (!served) {
      log.warn(
          "the API server does not serve {} {}: spec.defaults.admission has no effect",
          DefaultingPolicy.API_VERSION,
          DefaultingPolicy.POLICY_KIND);
    }
  }

  /** The event sources to register with the baseline reconciler. */
  public List<EventSource<?, SecurityBaseline>> eventSources() {
    return served ? List.of(policies, bindings) : List.of();
  }

  /**
   * Brings {@code baseline}'s policy and binding in line with its spec; {@code excluded} are the
   * namespaces it selects by label but does not govern (see {@link DefaultingPolicy#binding}); a
   * setting is left alone on pods one of {@code activeExceptions} covers for its check. An invalid
   * spec leaves what exists as it is. A refused write is logged and retried at the next reconcile,
   * never thrown.
   */
  public Optional<Instant> reconcile(
      KubernetesClient client,
      SecurityBaseline baseline,
      boolean valid,
      Collection<String> excluded,
      Collection<SecurityBaseline> all,
      Collection<ExceptionSpec> activeExceptions,
      Instant now) {
    if (!served) {
      return Optional.empty();
    }
    sweep(client, all);
    if (!valid) {
      return Optional.empty();
    }
    String name = baseline.getMetadata().getName();
    Set<DefaultSetting> settings = DefaultSetting.of(baseline.getSpec().defaults);
    boolean wanted =
        baseline.getSpec().mode == Mode.Enforce
            && baseline.getSpec().defaults != null
            && baseline.getSpec().defaults.admission
            && !settings.isEmpty();
    GenericKubernetesResource policy = cached(policies, name);
    GenericKubernetesResource binding = cached(bindings, name);
    if (!wanted) {
      delete(client, policy, "spec.defaults.admission is off or the baseline is in Audit mode");
      delete(client, binding, "spec.defaults.admission is off or the baseline is in Audit mode");
      return Optional.empty();
    }
    Optional<Instant> a =
        sync(
            client,
            baseline,
            policy,
            DefaultingPolicy.policy(name, settings, activeExceptions),
            now);
    Optional<Instant> b =
        sync(
            client,
            baseline,
            binding,
            DefaultingPolicy.binding(name, baseline.getSpec().namespaceSelector, excluded),
            now);
    return a.isEmpty() ? b : b.isEmpty() ? a : a.get().isBefore(b.get()) ? a : b;
  }

  /** Deletes generated objects whose baseline no longer exists. */
  private void sweep(KubernetesClient client, Collection<SecurityBaseline> all) {
    Set<String> names =
        all.stream().map(b -> b.getMetadata().getName()).collect(Collectors.toSet());
    for (var informer : List.of(policies, bindings)) {
      informer
          .list()
          .filter(o -> !names.contains(baselineOf(o)))
          .forEach(o -> delete(client, o, "its baseline is gone"));
    }
  }

  private Optional<Instant> sync(
      KubernetesClient client,
      SecurityBaseline baseline,
      GenericKubernetesResource have,
      GenericKubernetesResource want,
      Instant now) {
    want.getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion(baseline.getApiVersion())
                    .withKind(baseline.getKind())
                    .withName(baseline.getMetadata().getName())
                    .withUid(baseline.getMetadata().getUid())
                    .build()));
    String what = want.getKind() + " " + want.getMetadata().getName();
    try {
      if (have == null) {
        client
            .resource(want)
            .fieldManager(Ownership.FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
        log.info("created {} (baseline {})", what, baseline.getMetadata().getName());
      } else if (!same(have, want)) {
        ObjectRef key = ObjectRef.of(want);
        Optional<Instant> wait = backoff.waitUntil(key, now);
        if (wait.isPresent()) {
          backoff.held(key, now);
          log.warn(
              "{} changed again (last by {}); repair waits until {}",
              what,
              lastManager(have),
              wait.get());
          return wait;
        }
        backoff.repaired(key, now);
        // Server-side apply keeps fields another manager added; replacing the spec removes them.
        client
            .resource(want)
            .fieldManager(Ownership.FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
        client
            .resource(have)
            .patch(SpecReplacement.context(), SpecReplacement.patch(have, want, false));
        log.info("repaired {} (baseline {})", what, baseline.getMetadata().getName());
        events.normal(
            baseline,
            EventReasons.DRIFT_REPAIRED,
            what + " was changed by " + lastManager(have) + "; put back");
      }
    } catch (KubernetesClientException e) {
      log.warn("could not write {}: HTTP {}: {}", what, e.getCode(), e.getMessage());
    }
    return Optional.empty();
  }

  /** The field manager, other than Bulwark's, that wrote {@code object} last (managedFields). */
  private static String lastManager(GenericKubernetesResource object) {
    return FieldManagers.lastOther(object.getMetadata().getManagedFields(), Ownership.FIELD_MANAGER)
        .orElse("unknown");
  }

  /** Same spec and the labels Bulwark sets. */
  static boolean same(GenericKubernetesResource have, GenericKubernetesResource want) {
    Map<String, String> labels =
        have.getMetadata().getLabels() == null ? Map.of() : have.getMetadata().getLabels();
    return labels.entrySet().containsAll(want.getMetadata().getLabels().entrySet())
        && Objects.equals(
            Serialization.jsonMapper().valueToTree(have.getAdditionalProperties().get("spec")),
            Serialization.jsonMapper().valueToTree(want.getAdditionalProperties().get("spec")));
  }

  private static void delete(
      KubernetesClient client, GenericKubernetesResource object, String why) {
    if (object == null) {
      return;
    }
    try {
      client.resource(object).delete();
      log.info("deleted {} {} ({})", object.getKind(), object.getMetadata().getName(), why);
    } catch (KubernetesClientException e) {
      log.warn(
          "could not delete {} {}: HTTP {}",
          object.getKind(),
          object.getMetadata().getName(),
          e.getCode());
    }
  }

  private static GenericKubernetesResource cached(
      InformerEventSource<GenericKubernetesResource, SecurityBaseline> informer, String baseline) {
    return informer
        .get(new ResourceID(DefaultingPolicy.name(baseline)))
        .filter(o -> baseline.equals(baselineOf(o)))
        .orElse(null);
  }

  private static String baselineOf(GenericKubernetesResource object) {
    return object.getMetadata().getLabels() == null
        ? null
        : object.getMetadata().getLabels().get(Ownership.BASELINE_LABEL);
  }

  private static InformerEventSource<GenericKubernetesResource, SecurityBaseline> informer(
      String kind, String name, EventSourceContext<SecurityBaseline> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(
                new GroupVersionKind("admissionregistration.k8s.io", "v1", kind),
                SecurityBaseline.class)
            .withName(name)
            .withLabelSelector(SELECTOR)
            .withSecondaryToPrimaryMapper(
                object -> {
                  String baseline = baselineOf(object);
                  return baseline == null ? Set.of() : Set.of(new ResourceID(baseline));
                })
            .build(),
        context);
  }
}
