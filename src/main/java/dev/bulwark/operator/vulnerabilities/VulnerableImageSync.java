package dev.bulwark.operator.vulnerabilities;

import dev.bulwark.admission.ValidatingPolicies;
import dev.bulwark.admission.VulnerabilityPolicy;
import dev.bulwark.admission.VulnerabilityRollout;
import dev.bulwark.api.Mode;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.VulnerabilitiesSpec;
import dev.bulwark.api.VulnerableImage;
import dev.bulwark.api.VulnerableImageAction;
import dev.bulwark.api.VulnerableImageSet;
import dev.bulwark.operator.SpecReplacement;
import dev.bulwark.operator.informers.WithoutManagedFields;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.Ownership;
import dev.bulwark.policy.vulnerabilities.VulnerabilityCheck;
import dev.bulwark.policy.vulnerabilities.VulnerabilityThreshold;
import dev.bulwark.policy.vulnerabilities.VulnerableImages;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a baseline's imageVulnerabilities admission policy ({@link VulnerabilityPolicy}), its
 * bindings and its parameter objects (VulnerableImageSets) in line with the VulnerabilityReports:
 * the images above the baseline's limit, each refused after its preview period ({@link
 * VulnerabilityRollout}). Called from the baseline reconcile; its informers watch only objects
 * labelled as this check's and map each to the baseline in its label.
 *
 * <p>Writes are ordered so that admission never misses an image it refused: parameter objects
 * gaining images before those losing them, parameters before the policy and the bindings, and
 * bindings pruned before the parameters they read. The parameters are rewritten only while every
 * report is known (the reports' informer has synced); meanwhile what exists stays. What this
 * process wrote to Deny parameters is remembered per baseline uid, so an image whose parameter
 * object someone deleted is refused again at once, not after a new preview period.
 */
public final class VulnerableImageSync {

  /** HTTP 422: a JSON patch whose test operation failed (the object changed meanwhile). */
  private static final int UNPROCESSABLE = 422;

  private static final Logger log = LoggerFactory.getLogger(VulnerableImageSync.class);

  private static final String SELECTOR =
      Ownership.MANAGED_BY_LABEL
          + "="
          + Ownership.MANAGED_BY_VALUE
          + ","
          + ValidatingPolicies.CHECK_LABEL
          + "="
          + VulnerabilityCheck.ID;

  private final InformerEventSource<ValidatingAdmissionPolicy, SecurityBaseline> policies;
  private final InformerEventSource<ValidatingAdmissionPolicyBinding, SecurityBaseline> bindings;
  private final InformerEventSource<VulnerableImageSet, SecurityBaseline> parameters;
  private final VulnerabilityReports reports;
  private final Duration grace;
  private final Map<String, Set<String>> denied = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> unannounced = new ConcurrentHashMap<>();
  private final Map<String, Computed> computed = new ConcurrentHashMap<>();

  /** The images a threshold found vulnerable in one version of the reports. */
  private record Computed(
      long reportsVersion, VulnerabilityThreshold threshold, Map<String, String> vulnerable) {}

  /**
   * Creates the informers (register {@link #eventSources()} with the baseline reconciler); reads
   * {@code reports}; previews each newly vulnerable image for {@code grace} before refusing it.
   */
  public VulnerableImageSync(
      EventSourceContext<SecurityBaseline> context, VulnerabilityReports reports, Duration grace) {
    this.reports = reports;
    this.grace = grace;
    this.policies = informer(ValidatingAdmissionPolicy.class, "vulnerability-policies", context);
    this.bindings =
        informer(ValidatingAdmissionPolicyBinding.class, "vulnerability-policy-bindings", context);
    this.parameters = informer(VulnerableImageSet.class, "vulnerable-image-sets", context);
  }

  public List<EventSource<?, SecurityBaseline>> eventSources() {
    return List.of(policies, bindings, parameters);
  }

  /**
   * Where a baseline's policy stands after a sync.
   *
   * @param admission Deny, Warn, Off or Unknown (see {@code VulnerabilityStatus.admission}); null
   *     when the check is off
   * @param refused keys refused now
   * @param pending keys warned about, each with the time it is refused from (Enforce mode)
   * @param newlyPending keys warned about that no Event announced yet ({@link #announced})
   * @param parameterObjects the VulnerableImageSets written
   * @param changes what was written, e.g. {@code created VulnerableImageSet ...}
   * @param nextDeny when the earliest pending image is due to be refused
   */
  public record Outcome(
      String admission,
      Set<String> refused,
      Map<String, String> pending,
      Set<String> newlyPending,
      int parameterObjects,
      List<String> changes,
      Optional<Instant> nextDeny) {

    static Outcome off(String admission, List<String> changes) {
      return new Outcome(admission, Set.of(), Map.of(), Set.of(), 0, changes, Optional.empty());
    }

    /** Not synced (the spec is invalid, or a write was refused): nothing is known. */
    public static Outcome unknown() {
      return new Outcome("Unknown", Set.of(), Map.of(), Set.of(), 0, List.of(), Optional.empty());
    }
  }

  /**
   * Brings the policy, bindings and parameters of {@code baseline} in line: bound to the {@code
   * governed} namespaces, exempting what the active {@code exceptions} naming the check select.
   *
   * @throws KubernetesClientException when the API server refuses a write (retried by the caller)
   */
  public Outcome sync(
      KubernetesClient client,
      SecurityBaseline baseline,
      Collection<String> governed,
      ActiveExceptions exceptions,
      Instant now) {
    String name = baseline.getMetadata().getName();
    VulnerabilitiesSpec spec =
        baseline.getSpec().images == null ? null : baseline.getSpec().images.vulnerabilities;
    List<String> changes = new ArrayList<>();
    if (spec == null || !baseline.getSpec().admission.validatingPolicies) {
      remove(client, name, changes);
      denied.remove(baseline.getMetadata().getUid());
      unannounced.remove(baseline.getMetadata().getUid());
      computed.remove(baseline.getMetadata().getUid());
      return Outcome.off(spec == null ? null : "Off", changes);
    }
    boolean enforce = baseline.getSpec().mode == Mode.Enforce;
    VulnerabilityThreshold threshold = VulnerabilityThreshold.of(spec, now);
    Map<String, VulnerableImageSet> existing = owned(parameters, name);
    Map<String, VulnerableImage> deniedNow = new TreeMap<>();
    Map<String, VulnerableImage> warnedNow = new TreeMap<>();
    for (VulnerableImageSet set : existing.values()) {
      if (set.getSpec() == null || set.getSpec().images == null) {
        continue;
      }
      (set.getSpec().action == VulnerableImageAction.Deny ? deniedNow : warnedNow)
          .putAll(set.getSpec().images);
    }
    Map<String, String> vulnerable;
    if (reports.served()) {
      // Read before the reports: a change meanwhile gives a newer version, never a stale hit.
      long version = reports.version();
      Computed last = computed.get(baseline.getMetadata().getUid());
      if (last != null && last.reportsVersion() == version && last.threshold().equals(threshold)) {
        vulnerable = last.vulnerable();
      } else {
        vulnerable = VulnerableImages.of(reports.all(), threshold);
        computed.put(baseline.getMetadata().getUid(), new Computed(version, threshold, vulnerable));
      }
    } else {
      // Not every report is known: keep what the parameters say.
      vulnerable = new TreeMap<>();
      warnedNow.forEach((key, image) -> vulnerable.put(key, image.reason()));
      deniedNow.forEach((key, image) -> vulnerable.put(key, image.reason()));
    }
    Set<String> refusedBefore = new HashSet<>(deniedNow.keySet());
    refusedBefore.addAll(denied.getOrDefault(baseline.getMetadata().getUid(), Set.of()));
    VulnerabilityRollout.Plan plan =
        VulnerabilityRollout.plan(vulnerable, refusedBefore, warnedNow, enforce, now, grace);

    List<VulnerableImageSet> shards = new ArrayList<>();
    shards.addAll(VulnerabilityPolicy.shards(baseline, VulnerableImageAction.Deny, plan.deny()));
    shards.addAll(VulnerabilityPolicy.shards(baseline, VulnerableImageAction.Warn, plan.warn()));
    boolean deny = enforce && !plan.deny().isEmpty();
    ValidatingAdmissionPolicy policy =
        VulnerabilityPolicy.policy(baseline, threshold.describeLimit(), exceptions.active());
    List<ValidatingAdmissionPolicyBinding> wantedBindings =
        VulnerabilityPolicy.bindings(baseline, governed, deny);

    // Parameters that only gain images first, then the others: an image moving between
    // objects is in both for a moment, never in neither.
    List<VulnerableImageSet> gaining = new ArrayList<>();
    List<VulnerableImageSet> losing = new ArrayList<>();
    for (VulnerableImageSet shard : shards) {
      VulnerableImageSet have = existing.get(shard.getMetadata().getName());
      boolean gainsOnly =
          have == null
              || have.getSpec() == null
              || have.getSpec().images == null
              || shard.getSpec().images.keySet().containsAll(have.getSpec().images.keySet());
      (gainsOnly ? gaining : losing).add(shard);
    }
    apply(client, gaining, existing, changes);
    apply(client, losing, existing, changes);
    apply(client, List.of(policy), owned(policies, name), changes);
    apply(client, wantedBindings, owned(bindings, name), changes);
    prune(client, wantedBindings, owned(bindings, name), changes);
    prune(client, List.of(policy), owned(policies, name), changes);
    prune(client, shards, existing, changes);
    String uid = baseline.getMetadata().getUid();
    Set<String> toAnnounce = new HashSet<>(unannounced.getOrDefault(uid, Set.of()));
    toAnnounce.addAll(plan.newlyPending());
    toAnnounce.retainAll(plan.warn().keySet());
    if (enforce) {
      denied.put(uid, Set.copyOf(plan.deny().keySet()));
      unannounced.put(uid, Set.copyOf(toAnnounce));
    } else {
      denied.remove(uid);
      unannounced.remove(uid);
      toAnnounce.clear();
    }
    if (!changes.isEmpty()) {
      log.info("baseline {}: {}", name, String.join("; ", changes));
    }
    Map<String, String> pending = new TreeMap<>();
    if (enforce) {
      plan.warn().forEach((key, image) -> pending.put(key, image.refusedFrom()));
    }
    return new Outcome(
        enforce ? "Deny" : "Warn",
        Set.copyOf(plan.deny().keySet()),
        pending,
        Set.copyOf(toAnnounce),
        shards.size(),
        changes,
        plan.nextDeny());
  }

  /**
   * The pending images of the baseline with {@code uid} were announced (an Event named them and the
   * workloads that use them); they are not announced again.
   */
  public void announced(String uid) {
    unannounced.remove(uid);
  }

  /** Forgets what this process wrote for baselines that no longer exist (by uid). */
  public void retain(Set<String> baselineUids) {
    denied.keySet().retainAll(baselineUids);
    unannounced.keySet().retainAll(baselineUids);
    computed.keySet().retainAll(baselineUids);
  }

  /** Deletes the bindings, then the policy, then the parameters of {@code baseline}. */
  private void remove(KubernetesClient client, String baseline, List<String> changes) {
    prune(client, List.of(), owned(bindings, baseline), changes);
    prune(client, List.of(), owned(policies, baseline), changes);
    prune(client, List.of(), owned(parameters, baseline), changes);
  }

  private static <T extends HasMetadata> void apply(
      KubernetesClient client, List<T> desired, Map<String, T> existing, List<String> changes) {
    for (T want : desired) {
      T have = existing.get(want.getMetadata().getName());
      if (have != null
          && Objects.equals(spec(want), spec(have))
          && labelsPresent(want, have)
          && have.getMetadata().getDeletionTimestamp() == null) {
        continue;
      }
      if (have == null) {
        client
            .resource(want)
            .fieldManager(Ownership.FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
      } else {
        // The whole spec replaced, not applied: an apply would keep images or list entries
        // another manager added. Its resourceVersion test makes a concurrent change a refusal,
        // retried at the informer event of that change.
        try {
          client
              .resource(have)
              .patch(SpecReplacement.context(), SpecReplacement.patch(have, want, true));
        } catch (KubernetesClientException e) {
          if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != UNPROCESSABLE) {
            throw e;
          }
          log.debug(
              "{} {} changed meanwhile: {}",
              want.getKind(),
              want.getMetadata().getName(),
              e.getMessage());
          continue;
        }
      }
      changes.add(
          (have == null ? "created " : "restored ")
              + want.getKind()
              + " "
              + want.getMetadata().getName());
    }
  }

  private static <T extends HasMetadata> void prune(
      KubernetesClient client, List<T> desired, Map<String, T> existing, List<String> changes) {
    Set<String> wanted =
        desired.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
    for (T have : existing.values()) {
      if (!wanted.contains(have.getMetadata().getName())) {
        client.resource(have).delete();
        changes.add("deleted " + have.getKind() + " " + have.getMetadata().getName());
      }
    }
  }

  private static Object spec(HasMetadata object) {
    return switch (object) {
      case ValidatingAdmissionPolicy p -> p.getSpec();
      case ValidatingAdmissionPolicyBinding b -> b.getSpec();
      case VulnerableImageSet s -> s.getSpec();
      default -> throw new IllegalArgumentException("not a kind of this check: " + object);
    };
  }

  private static boolean labelsPresent(HasMetadata want, HasMetadata have) {
    Map<String, String> labels = have.getMetadata().getLabels();
    return labels != null
        && labels.entrySet().containsAll(want.getMetadata().getLabels().entrySet());
  }

  private static <T extends HasMetadata> Map<String, T> owned(
      InformerEventSource<T, SecurityBaseline> informer, String baseline) {
    return informer
        .list()
        .filter(o -> baseline.equals(labels(o).get(Ownership.BASELINE_LABEL)))
        .collect(Collectors.toMap(o -> o.getMetadata().getName(), Function.identity()));
  }

  private static Map<String, String> labels(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static <R extends HasMetadata> InformerEventSource<R, SecurityBaseline> informer(
      Class<R> kind, String name, EventSourceContext<SecurityBaseline> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, SecurityBaseline.class)
            .withName(name)
            .withLabelSelector(SELECTOR)
            .withSecondaryToPrimaryMapper(
                object -> {
                  String baseline = labels(object).get(Ownership.BASELINE_LABEL);
                  Set<ResourceID> ids = new HashSet<>();
                  if (baseline != null) {
                    ids.add(new ResourceID(baseline));
                  }
                  return ids;
                })
            .withItemStore(new WithoutManagedFields<>())
            .build(),
        context);
  }
}
