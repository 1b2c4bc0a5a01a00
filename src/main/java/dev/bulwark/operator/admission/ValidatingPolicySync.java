package dev.bulwark.operator.admission;

import dev.bulwark.admission.DenyRollout;
import dev.bulwark.admission.OwnedObjectGuard;
import dev.bulwark.admission.RefusalKeys;
import dev.bulwark.admission.TenantNetworkPolicies;
import dev.bulwark.admission.TrustedWriters;
import dev.bulwark.admission.ValidatingPolicies;
import dev.bulwark.api.AdmissionPolicyState;
import dev.bulwark.api.AdmissionPreviewStatus;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.operator.SpecReplacement;
import dev.bulwark.operator.informers.WithoutManagedFields;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.BaselineSelection;
import dev.bulwark.plan.Ownership;
import dev.bulwark.policy.vulnerabilities.VulnerabilityCheck;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each baseline's generated ValidatingAdmissionPolicies and bindings ({@link
 * ValidatingPolicies}) as they should be: creates what is missing, restores what was edited,
 * deletes what the baseline no longer asks for. Its informers watch only objects labelled as
 * Bulwark's and map each to the baseline in its label, so a deletion or edit brings that baseline
 * back at once. Objects carry an owner reference to their baseline (put back when stripped): when
 * the baseline is deleted, the garbage collector removes them even while the operator is down;
 * those of a baseline deleted without that ({@code --cascade=orphan}, a stripped reference) are
 * removed by {@link AdmissionSweep}.
 */
public final class ValidatingPolicySync {

  /** HTTP 422: a JSON patch whose test operation failed (the object changed meanwhile). */
  private static final int UNPROCESSABLE = 422;

  private static final Logger log = LoggerFactory.getLogger(ValidatingPolicySync.class);

  private final InformerEventSource<ValidatingAdmissionPolicy, SecurityBaseline> policies;
  private final InformerEventSource<ValidatingAdmissionPolicyBinding, SecurityBaseline> bindings;
  private final TrustedWriters writers;
  private final TenantPolicyPreview preview = new TenantPolicyPreview();

  /**
   * Creates the informers; register {@link #eventSources()} with the baseline reconciler. {@code
   * writers} are those the owned-object guard and the tenant NetworkPolicy check let through.
   */
  public ValidatingPolicySync(
      EventSourceContext<SecurityBaseline> context, TrustedWriters writers) {
    this.writers = writers;
    this.policies = informer(ValidatingAdmissionPolicy.class, "admission-policies", context);
    this.bindings =
        informer(ValidatingAdmissionPolicyBinding.class, "admission-policy-bindings", context);
  }

  public List<EventSource<?, SecurityBaseline>> eventSources() {
    return List.of(policies, bindings);
  }

  /**
   * How Deny starts for the policies of one baseline: the preview of what they would refuse, the
   * state the status read back gives each policy, the time and the grace period (see {@link
   * DenyRollout}).
   */
  public record Rollout(
      AdmissionPreviews preview,
      AdmissionPreviewStatus previous,
      Instant now,
      java.time.Duration grace) {}

  /**
   * What a sync did and found.
   *
   * @param changes what was written, e.g. {@code created ValidatingAdmissionPolicy
   *     bulwark-b-probes}
   * @param status the baseline's {@code status.admissionPreview}, or null when it has no policy
   * @param wakeAt when a grace period ends, if one runs
   * @param announced the checks whose policies publish a preview naming objects not published
   *     before
   */
  public record Result(
      List<String> changes,
      AdmissionPreviewStatus status,
      Optional<Instant> wakeAt,
      List<String> announced) {}

  /**
   * Brings the policies and bindings of {@code baseline} in line with its spec, the namespaces it
   * governs among {@code namespaces} (decided by {@code selection} against {@code baselines}) and
   * its exceptions in force, each policy's Deny started as {@link DenyRollout} decides from {@code
   * rollout}.
   *
   * @throws KubernetesClientException when the API server refuses a write (retried by the caller)
   */
  public Result sync(
      KubernetesClient client,
      SecurityBaseline baseline,
      Collection<Namespace> namespaces,
      Collection<SecurityBaseline> baselines,
      BaselineSelection selection,
      ActiveExceptions exceptions,
      Rollout rollout) {
    String name = baseline.getMetadata().getName();
    List<String> governed =
        namespaces.stream()
            .filter(
                ns ->
                    selection
                        .govern(ns, baselines)
                        .winner()
                        .map(w -> name.equals(w.getMetadata().getName()))
                        .orElse(false))
            .map(ns -> ns.getMetadata().getName())
            .toList();
    ValidatingPolicies.Desired desired =
        ValidatingPolicies.desired(baseline, governed, exceptions.active());
    // The guard of Bulwark's own objects and the tenant NetworkPolicy rule are not per-check
    // policies: they start denying by their own rules (OwnedObjectGuard: at once, it refuses no
    // workload; TenantNetworkPolicies: once status named the policies it refuses), not DenyRollout.
    ValidatingPolicies.Desired guards =
        merged(
            OwnedObjectGuard.desired(baseline, governed, writers),
            TenantNetworkPolicies.desired(
                baseline, governed, exceptions.active(), writers, preview.previewed(baseline)));
    Map<String, ValidatingAdmissionPolicy> havePolicies = owned(policies, name);
    Map<String, ValidatingAdmissionPolicyBinding> haveBindings = owned(bindings, name);
    Planned planned = plan(baseline, desired, havePolicies, haveBindings, rollout).with(guards);
    List<String> changes = new ArrayList<>();
    // Policies before bindings: a binding to a missing policy is an error the API server reports.
    apply(client, planned.policies(), havePolicies, SAME_POLICY, changes);
    apply(client, planned.bindings(), haveBindings, SAME_BINDING, changes);
    prune(client, planned.keptBindings(), haveBindings, changes);
    prune(client, planned.keptPolicies(), havePolicies, changes);
    if (!changes.isEmpty()) {
      log.info("baseline {}: {}", name, String.join("; ", changes));
    }
    return new Result(changes, planned.status(), planned.wakeAt(), planned.announced());
  }

  /**
   * What to write: per desired policy, the rollout's decision applied to it; policies held back
   * ({@link DenyRollout.Write#NONE}) are left as they exist and kept from pruning.
   */
  private record Planned(
      List<ValidatingAdmissionPolicy> policies,
      List<ValidatingAdmissionPolicyBinding> bindings,
      Set<String> keptPolicies,
      Set<String> keptBindings,
      AdmissionPreviewStatus status,
      Optional<Instant> wakeAt,
      List<String> announced) {

    /** These writes plus {@code more}, written as they are. */
    Planned with(ValidatingPolicies.Desired more) {
      List<ValidatingAdmissionPolicy> allPolicies = new ArrayList<>(policies);
      List<ValidatingAdmissionPolicyBinding> allBindings = new ArrayList<>(bindings);
      Set<String> allKeptPolicies = new HashSet<>(keptPolicies);
      Set<String> allKeptBindings = new HashSet<>(keptBindings);
      allPolicies.addAll(more.policies());
      allBindings.addAll(more.bindings());
      more.policies().forEach(p -> allKeptPolicies.add(p.getMetadata().getName()));
      more.bindings().forEach(b -> allKeptBindings.add(b.getMetadata().getName()));
      return new Planned(
          allPolicies, allBindings, allKeptPolicies, allKeptBindings, status, wakeAt, announced);
    }
  }

  private static Planned plan(
      SecurityBaseline baseline,
      ValidatingPolicies.Desired desired,
      Map<String, ValidatingAdmissionPolicy> havePolicies,
      Map<String, ValidatingAdmissionPolicyBinding> haveBindings,
      Rollout rollout) {
    Map<String, ValidatingAdmissionPolicyBinding> wantBindings =
        desired.bindings().stream()
            .collect(Collectors.toMap(b -> b.getMetadata().getName(), b -> b, (a, b) -> a));
    Map<String, AdmissionPolicyState> previousStates =
        rollout.previous() == null || rollout.previous().policies == null
            ? Map.of()
            : rollout.previous().policies.stream()
                .filter(p -> p.check != null)
                .collect(Collectors.toMap(p -> p.check, p -> p, (a, b) -> a));
    boolean enforce = ValidatingPolicies.denies(baseline);
    List<ValidatingAdmissionPolicy> policiesOut = new ArrayList<>();
    List<ValidatingAdmissionPolicyBinding> bindingsOut = new ArrayList<>();
    Set<String> keptPolicies = new HashSet<>();
    Set<String> keptBindings = new HashSet<>();
    List<AdmissionPolicyState> states = new ArrayList<>();
    List<String> announced = new ArrayList<>();
    Instant wakeAt = null;
    for (ValidatingAdmissionPolicy want : desired.policies()) {
      String policyName = want.getMetadata().getName();
      String check = ValidatingPolicies.checkOf(want);
      ValidatingAdmissionPolicyBinding wantBinding = wantBindings.get(policyName);
      ValidatingAdmissionPolicy have = havePolicies.get(policyName);
      ValidatingAdmissionPolicyBinding haveBinding = haveBindings.get(policyName);
      DenyRollout.Decision decision =
          DenyRollout.decide(
              new DenyRollout.Input(
                  check,
                  enforce,
                  rollout.preview().complete(),
                  revision(want, wantBinding),
                  rollout.preview().refusedBy(check),
                  have == null
                      ? null
                      : new DenyRollout.Existing(
                          revision(have, haveBinding),
                          haveBinding != null
                              && haveBinding.getSpec() != null
                              && haveBinding.getSpec().getValidationActions() != null
                              && haveBinding.getSpec().getValidationActions().contains("Deny"),
                          RefusalKeys.decode(annotation(have))),
                  previousStates.get(check),
                  rollout.now(),
                  rollout.grace()));
      states.add(decision.state());
      if (decision.announce()) {
        announced.add(check);
      }
      if (decision.wakeAt().isPresent()
          && (wakeAt == null || decision.wakeAt().get().isBefore(wakeAt))) {
        wakeAt = decision.wakeAt().get();
      }
      switch (decision.write()) {
        case NONE -> {
          keptPolicies.add(policyName);
          keptBindings.add(policyName);
        }
        case DENY -> {
          policiesOut.add(annotated(want, RefusalKeys.encode(decision.refuses())));
          if (wantBinding != null) {
            bindingsOut.add(withActions(wantBinding, ValidatingPolicies.DENY));
          }
        }
        case WARN -> {
          policiesOut.add(annotated(want, null));
          if (wantBinding != null) {
            bindingsOut.add(withActions(wantBinding, ValidatingPolicies.WARN));
          }
        }
      }
    }
    policiesOut.forEach(p -> keptPolicies.add(p.getMetadata().getName()));
    bindingsOut.forEach(b -> keptBindings.add(b.getMetadata().getName()));
    AdmissionPreviewStatus status = null;
    if (!desired.policies().isEmpty()) {
      status = new AdmissionPreviewStatus();
      AdmissionPreviews preview = rollout.preview();
      AdmissionPreviewStatus previous = rollout.previous();
      if (preview.complete() || previous == null) {
        status.generation = preview.complete() ? preview.generation() : null;
        status.workloads = preview.workloads();
        status.refusals = preview.lines();
      } else {
        // Not every namespace is evaluated at this generation yet: what was published stays.
        status.generation = previous.generation;
        status.workloads = previous.workloads;
        status.refusals = previous.refusals == null ? List.of() : previous.refusals;
      }
      status.policies = List.copyOf(states);
    }
    return new Planned(
        policiesOut,
        bindingsOut,
        keptPolicies,
        keptBindings,
        status,
        Optional.ofNullable(wakeAt),
        List.copyOf(announced));
  }

  /**
   * A short hash of a policy's content: its spec and the namespaces its binding names (none when it
   * has no binding). The binding's validation actions are not part of it.
   */
  static String revision(
      ValidatingAdmissionPolicy policy, ValidatingAdmissionPolicyBinding binding) {
    List<String> namespaces = new ArrayList<>();
    if (binding != null
        && binding.getSpec() != null
        && binding.getSpec().getMatchResources() != null
        && binding.getSpec().getMatchResources().getNamespaceSelector() != null) {
      namespaces.add(
          Serialization.asJson(binding.getSpec().getMatchResources().getNamespaceSelector()));
    }
    return RefusalKeys.digest(
        List.of(
            Serialization.asJson(policy.getSpec()),
            namespaces.isEmpty() ? "no binding" : namespaces.get(0)));
  }

  private static String annotation(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(RefusalKeys.ANNOTATION);
  }

  private static ValidatingAdmissionPolicy annotated(
      ValidatingAdmissionPolicy want, String refuses) {
    ValidatingAdmissionPolicy copy =
        new ValidatingAdmissionPolicyBuilder(want)
            .editMetadata()
            .withAnnotations(refuses == null ? null : Map.of(RefusalKeys.ANNOTATION, refuses))
            .endMetadata()
            .build();
    return copy;
  }

  private static ValidatingAdmissionPolicyBinding withActions(
      ValidatingAdmissionPolicyBinding want, List<String> actions) {
    return new ValidatingAdmissionPolicyBindingBuilder(want)
        .editSpec()
        .withValidationActions(actions)
        .endSpec()
        .build();
  }

  /** The policies and bindings of every generator, in order. */
  private static ValidatingPolicies.Desired merged(ValidatingPolicies.Desired... parts) {
    List<ValidatingAdmissionPolicy> policies = new ArrayList<>();
    List<ValidatingAdmissionPolicyBinding> bindings = new ArrayList<>();
    for (ValidatingPolicies.Desired part : parts) {
      policies.addAll(part.policies());
      bindings.addAll(part.bindings());
    }
    return new ValidatingPolicies.Desired(policies, bindings);
  }

  private static final BiPredicate<ValidatingAdmissionPolicy, ValidatingAdmissionPolicy>
      SAME_POLICY =
          (want, have) ->
              Objects.equals(want.getSpec(), have.getSpec())
                  && Objects.equals(annotation(want), annotation(have));

  private static final BiPredicate<
          ValidatingAdmissionPolicyBinding, ValidatingAdmissionPolicyBinding>
      SAME_BINDING = (want, have) -> Objects.equals(want.getSpec(), have.getSpec());

  private static <T extends HasMetadata> void apply(
      KubernetesClient client,
      List<T> desired,
      Map<String, T> existing,
      BiPredicate<T, T> same,
      List<String> changes) {
    for (T want : desired) {
      T have = existing.get(want.getMetadata().getName());
      if (have != null
          && same.test(want, have)
          && labelsPresent(want, have)
          && have.getMetadata().getDeletionTimestamp() == null) {
        if (!ownerReferencePresent(want, have)) {
          // Stripped: put it back, so the garbage collector still removes the object with its
          // baseline while the operator is down (the sweep covers the rest).
          client
              .resource(want)
              .fieldManager(Ownership.FIELD_MANAGER)
              .forceConflicts()
              .serverSideApply();
          changes.add("restored the owner reference of " + want.getKind() + " " + name(want));
        }
        continue;
      }
      if (have == null) {
        client
            .resource(want)
            .fieldManager(Ownership.FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
      } else {
        // A replace of the whole spec, not an apply: an apply keeps list entries other managers
        // added (the validationActions set, match conditions keyed by name), so it could not
        // undo them. One JSON patch under Bulwark's field manager; its test of the
        // resourceVersion makes a concurrent change a refusal, retried on the next event.
        try {
          client.resource(have).patch(SpecReplacement.context(), replacement(have, want));
        } catch (KubernetesClientException e) {
          if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != UNPROCESSABLE) {
            throw e;
          }
          // The cache lagged behind a newer version (often our own last write); the informer
          // event of that version brings the baseline back to compare again.
          log.debug(
              "{} {} changed meanwhile: {}",
              want.getKind(),
              want.getMetadata().getName(),
              e.getMessage());
          continue;
        }
      }
      changes.add(change(want, have));
    }
  }

  /** What a write did, for the AdmissionPoliciesWritten Event. */
  private static String change(HasMetadata want, HasMetadata have) {
    String what = want.getKind() + " " + want.getMetadata().getName();
    if (have == null) {
      return "created " + what;
    }
    if (want instanceof ValidatingAdmissionPolicyBinding w
        && have instanceof ValidatingAdmissionPolicyBinding h
        && h.getSpec() != null
        && !Objects.equals(
            w.getSpec().getValidationActions(), h.getSpec().getValidationActions())) {
      return (w.getSpec().getValidationActions().contains("Deny")
              ? "switched to Deny "
              : "switched to Warn ")
          + what;
    }
    return "restored " + what;
  }

  /**
   * {@link SpecReplacement}'s patch plus the {@link RefusalKeys#ANNOTATION} set to {@code want}'s
   * value or removed.
   */
  @SuppressWarnings("unchecked")
  private static String replacement(HasMetadata have, HasMetadata want) {
    List<Object> ops =
        new ArrayList<>(
            Serialization.unmarshal(SpecReplacement.patch(have, want, true), List.class));
    String wanted = annotation(want);
    String had = annotation(have);
    String path = "/metadata/annotations/" + RefusalKeys.ANNOTATION.replace("/", "~1");
    if (wanted != null) {
      // The model reads absent annotations as an empty map: add the whole map then, as the
      // parent of a key must exist.
      if (have.getMetadata().getAnnotations() == null
          || have.getMetadata().getAnnotations().isEmpty()) {
        ops.add(
            Map.of(
                "op",
                "add",
                "path",
                "/metadata/annotations",
                "value",
                Map.of(RefusalKeys.ANNOTATION, wanted)));
      } else {
        ops.add(Map.of("op", "add", "path", path, "value", wanted));
      }
    } else if (had != null) {
      ops.add(Map.of("op", "remove", "path", path));
    }
    return Serialization.asJson(ops);
  }

  private static <T extends HasMetadata> void prune(
      KubernetesClient client, Set<String> wanted, Map<String, T> existing, List<String> changes) {
    for (T have : existing.values()) {
      if (!wanted.contains(have.getMetadata().getName())) {
        client.resource(have).delete();
        changes.add("deleted " + have.getKind() + " " + have.getMetadata().getName());
      }
    }
  }

  private static boolean ownerReferencePresent(HasMetadata want, HasMetadata have) {
    List<OwnerReference> wanted = want.getMetadata().getOwnerReferences();
    List<OwnerReference> present = have.getMetadata().getOwnerReferences();
    return wanted == null
        || wanted.stream()
            .allMatch(
                w ->
                    present != null
                        && present.stream().anyMatch(p -> Objects.equals(p.getUid(), w.getUid())));
  }

  private static String name(HasMetadata object) {
    return object.getMetadata().getName();
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
        // The param-based imageVulnerabilities policy is VulnerableImageSync's.
        .filter(o -> !VulnerabilityCheck.ID.equals(labels(o).get(ValidatingPolicies.CHECK_LABEL)))
        .collect(Collectors.toMap(o -> o.getMetadata().getName(), o -> o, (a, b) -> a));
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
            .withLabelSelector(Ownership.MANAGED_BY_LABEL + "=" + Ownership.MANAGED_BY_VALUE)
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
