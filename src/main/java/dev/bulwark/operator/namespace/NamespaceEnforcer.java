package dev.bulwark.operator.namespace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.bulwark.operator.SpecReplacement;
import dev.bulwark.plan.NamespacePlan;
import dev.bulwark.plan.Ownership;
import dev.bulwark.plan.PodSecurityLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one namespace's owned state in line with its plan by server-side apply under the field
 * manager {@code bulwark}, writing only what differs, and gives it all back when the namespace
 * leaves Bulwark's care.
 */
final class NamespaceEnforcer {

  private static final Logger log = LoggerFactory.getLogger(NamespaceEnforcer.class);

  private final KubernetesClient client;
  private final PodSecurityPreview preview;

  NamespaceEnforcer(KubernetesClient client) {
    this.client = client;
    this.preview = new PodSecurityPreview(client);
  }

  /**
   * Applies {@code plan} where the cached state differs from it. A write the API server refuses is
   * reported, not thrown, and the rest still written; a repair of an object repaired recently waits
   * as {@code backoff} says (the outcome says until when).
   */
  EnforcementOutcome enforce(
      NamespacePlan plan,
      Namespace namespace,
      OwnedState current,
      RepairBackoff backoff,
      Instant now) {
    Writes writes = new Writes(plan.namespace(), "baseline " + plan.baseline(), backoff, now);

    Map<String, String> labels = labels(namespace);
    Map<String, String> currentPss = PodSecurityLabels.current(labels);
    boolean tightened = PodSecurityLabels.tightens(currentPss, plan.podSecurityLabels());
    List<String> warnings = List.of();
    if (!labelsInSync(plan, namespace)) {
      Namespace apply = namespaceApply(plan, namespace, currentPss);
      boolean repair = plan.baseline().equals(governedBy(namespace));
      if (tightened && writes.mayWrite("Namespace", plan.namespace(), repair)) {
        warnings = preview.warnings(apply);
      }
      writes.write(
          "Namespace",
          plan.namespace(),
          repair,
          "set Pod Security labels "
              + plan.podSecurityLabels().get(PodSecurityLabels.ENFORCE)
              + ":"
              + plan.podSecurityLabels().get(PodSecurityLabels.ENFORCE_VERSION)
              + " on namespace "
              + plan.namespace(),
          () -> apply(apply));
    }

    syncOwned(
        "NetworkPolicy",
        plan.networkPolicies(),
        current.networkPolicies(),
        SameContent::networkPolicy,
        writes);
    syncOwned(
        "ResourceQuota",
        plan.quota().stream().toList(),
        current.quotas(),
        SameContent::quota,
        writes);
    syncOwned(
        "LimitRange",
        plan.limitRange().stream().toList(),
        current.limitRanges(),
        SameContent::limitRange,
        writes);

    for (ServiceAccount account : current.serviceAccounts()) {
      boolean governed = plan.allServiceAccounts() || "default".equals(name(account));
      Boolean automount = account.getAutomountServiceAccountToken();
      if (governed && !Objects.equals(automount, plan.automountToken())) {
        writes.write(
            "ServiceAccount",
            name(account),
            managedByBulwark(account),
            "set automountServiceAccountToken="
                + plan.automountToken()
                + " on ServiceAccount "
                + plan.namespace()
                + "/"
                + name(account),
            () -> apply(serviceAccountApply(account, plan.automountToken())));
      }
    }
    writes.changes.forEach(change -> log.info("{}", change));
    boolean labelsWritten =
        writes.changes.stream().anyMatch(c -> c.startsWith("set Pod Security labels"));
    return new EnforcementOutcome(
        writes.changes,
        warnings,
        tightened && labelsWritten,
        writes.refusals,
        writes.deferred,
        writes.repaired,
        writes.written,
        writes.fresh,
        writes.retryAt);
  }

  /**
   * The writes of one enforcement pass: each is skipped while its object's repair backoff runs, and
   * a refusal by the API server is recorded with its message instead of aborting the pass.
   */
  private static final class Writes {

    final String namespace;
    final String why;
    final RepairBackoff backoff;
    final Instant now;
    final List<String> changes = new ArrayList<>();
    final List<String> refusals = new ArrayList<>();
    final List<String> deferred = new ArrayList<>();
    final List<String> repaired = new ArrayList<>();
    final List<String> written = new ArrayList<>();
    final List<String> fresh = new ArrayList<>();
    Instant retryAt;

    Writes(String namespace, String why, RepairBackoff backoff, Instant now) {
      this.namespace = namespace;
      this.why = why;
      this.backoff = backoff;
      this.now = now;
    }

    /**
     * Whether {@code kind}/{@code name} may be written now ({@code repair}: it was right before).
     */
    boolean mayWrite(String kind, String name, boolean repair) {
      return !repair || backoff.waitUntil(key(kind, name), now).isEmpty();
    }

    void write(String kind, String name, boolean repair, String change, Runnable write) {
      String key = key(kind, name);
      Optional<RepairBackoff.Refusal> refused = backoff.refusedUntil(key, now);
      if (refused.isPresent()) {
        // Still refused as far as we know: keep saying so until the retry is due.
        refusals.add(kind + " " + namespace + "/" + name + ": " + refused.get().message());
        retryAt = earlier(retryAt, refused.get().until());
        return;
      }
      Optional<Instant> wait = repair ? backoff.waitUntil(key, now) : Optional.empty();
      if (wait.isPresent()) {
        deferred.add(kind + " " + namespace + "/" + name);
        retryAt = retryAt == null || wait.get().isBefore(retryAt) ? wait.get() : retryAt;
        return;
      }
      try {
        write.run();
      } catch (KubernetesClientException e) {
        refusals.add(kind + " " + namespace + "/" + name + ": " + refusal(e));
        fresh.add(kind + " " + namespace + "/" + name);
        backoff.refused(key, now, refusal(e));
        log.warn("could not write {} {}/{} ({}): {}", kind, namespace, name, why, refusal(e));
        return;
      }
      backoff.accepted(key);
      written.add(key);
      if (repair) {
        backoff.repaired(key, now);
        repaired.add(key);
      }
      changes.add(change + " (" + why + ")");
    }

    private static Instant earlier(Instant a, Instant b) {
      return a == null || b.isBefore(a) ? b : a;
    }

    private String key(String kind, String name) {
      return namespace + "/" + kind + "/" + name;
    }
  }

  /** The API server's own words for a refused write (these kinds hold no secret values). */
  static String refusal(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return "HTTP " + e.getCode() + ": " + e.getStatus().getMessage();
    }
    return "HTTP " + e.getCode() + ": " + e.getMessage();
  }

  /**
   * Removes what Bulwark created in {@code namespace}, releases the ServiceAccount fields it set
   * and restores the Pod Security labels the namespace had before. The last step is one server-side
   * apply that restores the labels and drops the ownership annotations together, so the record of
   * the previous labels is never gone before they are back; every step is idempotent, so a crash
   * anywhere is completed by the next reconcile (which still sees the annotation).
   */
  void release(Namespace namespace, OwnedState current, String why) {
    String ns = name(namespace);
    List<HasMetadata> owned = new ArrayList<>();
    owned.addAll(current.networkPolicies());
    owned.addAll(current.quotas());
    owned.addAll(current.limitRanges());
    for (HasMetadata object : owned) {
      client.resource(object).delete();
      log.info("deleted {} {}/{} ({})", object.getKind(), ns, name(object), why);
    }
    for (ServiceAccount account : current.serviceAccounts()) {
      if (managedByBulwark(account)) {
        apply(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name(account))
                .withNamespace(ns)
                .endMetadata()
                .build());
        log.info(
            "released automountServiceAccountToken on ServiceAccount {}/{} ({})",
            ns,
            name(account),
            why);
      }
    }
    Map<String, String> previous = previousLabels(namespace);
    // Bulwark's apply now holds exactly the previous labels and no annotation: the labels it set
    // are gone, the previous values are back, and the ownership record goes in the same write.
    apply(
        new NamespaceBuilder()
            .withNewMetadata()
            .withName(ns)
            .withLabels(new TreeMap<>(previous))
            .endMetadata()
            .build());
    log.info("restored Pod Security labels {} on namespace {} ({})", previous, ns, why);
  }

  /** The baseline that last enforced {@code namespace} (its ownership record), or null. */
  static String governedBy(Namespace namespace) {
    return annotations(namespace).get(Ownership.GOVERNED_BY_ANNOTATION);
  }

  /**
   * Creates what is missing by server-side apply, and puts back what differs by replacing the whole
   * spec with a JSON patch: server-side apply never removes fields another manager added (an extra
   * rule, a narrowed selector, a new quota key), so a repaired object equals the plan exactly.
   */
  private <T extends HasMetadata> void syncOwned(
      String kind, List<T> desired, List<T> actual, BiPredicate<T, T> same, Writes writes) {
    Map<String, T> byName =
        actual.stream().collect(Collectors.toMap(NamespaceEnforcer::name, Function.identity()));
    for (T want : desired) {
      T have = byName.remove(name(want));
      if (have == null) {
        writes.write(
            kind,
            name(want),
            false,
            "created " + kind + " " + writes.namespace + "/" + name(want),
            () -> apply(want));
      } else if (!same.test(want, have)) {
        writes.write(
            kind,
            name(want),
            true,
            "updated " + kind + " " + writes.namespace + "/" + name(want),
            () -> replaceSpec(have, want));
      }
    }
    for (T stale : byName.values()) {
      writes.write(
          kind,
          name(stale),
          false,
          "deleted " + kind + " " + writes.namespace + "/" + name(stale) + " (no longer planned)",
          () -> client.resource(stale).delete());
    }
  }

  /** One JSON patch: Bulwark's labels added, the spec replaced by the plan's. */
  private void replaceSpec(HasMetadata have, HasMetadata want) {
    client
        .resource(have)
        .patch(SpecReplacement.context(), SpecReplacement.patch(have, want, false));
  }

  private static boolean labelsInSync(NamespacePlan plan, Namespace namespace) {
    Map<String, String> labels = labels(namespace);
    Map<String, String> annotations = annotations(namespace);
    return labels.entrySet().containsAll(plan.podSecurityLabels().entrySet())
        && plan.baseline().equals(annotations.get(Ownership.GOVERNED_BY_ANNOTATION))
        && annotations.containsKey(Ownership.PREVIOUS_LABELS_ANNOTATION);
  }

  /** The namespace fields Bulwark owns: its labels plus the memory of what was there before. */
  private static Namespace namespaceApply(
      NamespacePlan plan, Namespace namespace, Map<String, String> currentPss) {
    String previous =
        Optional.ofNullable(annotations(namespace).get(Ownership.PREVIOUS_LABELS_ANNOTATION))
            .orElseGet(
                () ->
                    annotations(namespace).containsKey(Ownership.GOVERNED_BY_ANNOTATION)
                        ? "{}"
                        : toJson(currentPss));
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(plan.namespace())
        .withLabels(new TreeMap<>(plan.podSecurityLabels()))
        .addToAnnotations(Ownership.GOVERNED_BY_ANNOTATION, plan.baseline())
        .addToAnnotations(Ownership.PREVIOUS_LABELS_ANNOTATION, previous)
        .endMetadata()
        .build();
  }

  private static ServiceAccount serviceAccountApply(ServiceAccount account, boolean automount) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(name(account))
        .withNamespace(account.getMetadata().getNamespace())
        .endMetadata()
        .withAutomountServiceAccountToken(automount)
        .build();
  }

  private void apply(HasMetadata object) {
    client
        .resource(object)
        .fieldManager(Ownership.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  private static boolean managedByBulwark(HasMetadata object) {
    return object.getMetadata().getManagedFields() != null
        && object.getMetadata().getManagedFields().stream()
            .anyMatch(f -> Ownership.FIELD_MANAGER.equals(f.getManager()));
  }

  static Map<String, String> previousLabels(Namespace namespace) {
    String json = annotations(namespace).get(Ownership.PREVIOUS_LABELS_ANNOTATION);
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      return Serialization.jsonMapper()
          .readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      log.warn(
          "namespace {}: annotation {} is not a JSON object of labels; nothing to restore",
          name(namespace),
          Ownership.PREVIOUS_LABELS_ANNOTATION);
      return Map.of();
    }
  }

  private static String toJson(Map<String, String> labels) {
    try {
      return Serialization.jsonMapper().writeValueAsString(new TreeMap<>(labels));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("labels always serialise", e);
    }
  }

  private static Map<String, String> labels(Namespace namespace) {
    return namespace.getMetadata().getLabels() == null
        ? Map.of()
        : namespace.getMetadata().getLabels();
  }

  private static Map<String, String> annotations(Namespace namespace) {
    return namespace.getMetadata().getAnnotations() == null
        ? new HashMap<>()
        : namespace.getMetadata().getAnnotations();
  }

  private static String name(HasMetadata object) {
    return object.getMetadata().getName();
  }
}
