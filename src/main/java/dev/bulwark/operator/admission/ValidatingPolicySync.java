package dev.bulwark.operator.admission;

import dev.bulwark.admission.ValidatingPolicies;
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
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

  /** Creates the informers; register {@link #eventSources()} with the baseline reconciler. */
  public ValidatingPolicySync(EventSourceContext<SecurityBaseline> context) {
    this.policies = informer(ValidatingAdmissionPolicy.class, "admission-policies", context);
    this.bindings =
        informer(ValidatingAdmissionPolicyBinding.class, "admission-policy-bindings", context);
  }

  public List<EventSource<?, SecurityBaseline>> eventSources() {
    return List.of(policies, bindings);
  }

  /**
   * Brings the policies and bindings of {@code baseline} in line with its spec, the namespaces it
   * governs among {@code namespaces} (decided by {@code selection} against {@code baselines}) and
   * its exceptions in force.
   *
   * @return what was written, e.g. {@code created ValidatingAdmissionPolicy bulwark-b-probes};
   *     empty when everything was already in place
   * @throws KubernetesClientException when the API server refuses a write (retried by the caller)
   */
  public List<String> sync(
      KubernetesClient client,
      SecurityBaseline baseline,
      Collection<Namespace> namespaces,
      Collection<SecurityBaseline> baselines,
      BaselineSelection selection,
      ActiveExceptions exceptions) {
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
    List<String> changes = new ArrayList<>();
    // Policies before bindings: a binding to a missing policy is an error the API server reports.
    apply(client, desired.policies(), owned(policies, name), SAME_POLICY, changes);
    apply(client, desired.bindings(), owned(bindings, name), SAME_BINDING, changes);
    prune(client, desired.bindings(), owned(bindings, name), changes);
    prune(client, desired.policies(), owned(policies, name), changes);
    if (!changes.isEmpty()) {
      log.info("baseline {}: {}", name, String.join("; ", changes));
    }
    return changes;
  }

  private static final BiPredicate<ValidatingAdmissionPolicy, ValidatingAdmissionPolicy>
      SAME_POLICY = (want, have) -> Objects.equals(want.getSpec(), have.getSpec());

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
          client
              .resource(have)
              .patch(SpecReplacement.context(), SpecReplacement.patch(have, want, true));
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
