package dev.bulwark.operator.defaults;

import dev.bulwark.api.Mode;
import dev.bulwark.api.RemediationStatus;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.defaults.DefaultSetting;
import dev.bulwark.defaults.TemplateDefaults;
import dev.bulwark.operator.events.EventRecorder;
import dev.bulwark.policy.PodTarget;
import dev.bulwark.policy.WorkloadPods;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills in a baseline's {@link DefaultSetting}s in the pod templates of existing workloads of one
 * namespace ({@code spec.defaults.remediateWorkloads}), by server-side apply under its own field
 * manager {@value #FIELD_MANAGER} and without forcing, so it only ever takes fields nobody owns.
 *
 * <p>Rules: Deployments, StatefulSets, DaemonSets, ReplicaSets not owned by a Deployment and
 * CronJobs are patched; a Job's pod template is immutable in the API server, so Jobs are only
 * listed (and those a CronJob owns not at all). Nothing is written for a baseline generation before
 * its preview is in the baseline's status ({@link RemediationStatus#previewedGeneration}). When a
 * value Bulwark set is unset or changed again, another writer reverted it: that object is never
 * written again (in this process, and after a restart while the baseline's status names it), and it
 * is reported once (an Event) and in status. State shared by all namespace reconciles.
 */
public final class WorkloadRemediator {

  /** Field manager of every template patch, apart from the one of owned objects. */
  public static final String FIELD_MANAGER = "bulwark-remediation";

  /** The kinds whose templates are remediated (Jobs only listed); never Pods. */
  public static final List<Class<? extends HasMetadata>> KINDS =
      List.of(
          io.fabric8.kubernetes.api.model.apps.Deployment.class,
          io.fabric8.kubernetes.api.model.apps.StatefulSet.class,
          io.fabric8.kubernetes.api.model.apps.DaemonSet.class,
          ReplicaSet.class,
          Job.class,
          io.fabric8.kubernetes.api.model.batch.v1.CronJob.class);

  /** How soon to look again while the preview of the current generation is not yet published. */
  static final Duration PREVIEW_WAIT = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(WorkloadRemediator.class);

  private final EventRecorder events;

  /** Per namespace: what its last evaluation found. */
  private final Map<String, NamespaceState> namespaces = new ConcurrentHashMap<>();

  /** Per object uid: what Bulwark set and the resourceVersion its write produced. */
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  /** Per baseline uid: object ("Kind namespace/name") to the report of its reversion. */
  private final Map<String, Map<String, String>> reverted = new ConcurrentHashMap<>();

  /** Per baseline uid: objects this process patched. */
  private final Map<String, Set<String>> remediated = new ConcurrentHashMap<>();

  /** Per object uid: the resourceVersion whose write the API server refused. */
  private final Map<String, String> refused = new ConcurrentHashMap<>();

  /** Told the name of a baseline whose remediation status may have changed. */
  private volatile java.util.function.Consumer<String> listener = name -> {};

  public WorkloadRemediator(EventRecorder events) {
    this.events = events;
  }

  /** Calls {@code listener} with a baseline's name whenever its remediation status may change. */
  public void onChange(java.util.function.Consumer<String> listener) {
    this.listener = listener;
  }

  private record NamespaceState(String baselineUid, List<String> pending) {}

  private record Written(Set<String> changes, Map<String, Object> patch, String resourceVersion) {}

  /**
   * Evaluates and, once previewed, patches the {@code workloads} of {@code namespace} governed by
   * {@code baseline}; forgets the namespace when remediation is off. Returns when to look again if
   * writes wait for the preview. Refused writes are logged and not retried for the same object
   * version.
   */
  public Optional<Duration> remediate(
      KubernetesClient client,
      String namespace,
      SecurityBaseline baseline,
      List<? extends HasMetadata> workloads) {
    if (!enabled(baseline)) {
      namespaces.remove(namespace);
      return Optional.empty();
    }
    String baselineUid = baseline.getMetadata().getUid();
    Set<DefaultSetting> settings = DefaultSetting.of(baseline.getSpec().defaults);
    boolean previewed = previewed(baseline);
    Set<String> revertedInStatus = revertedInStatus(baseline);
    Map<String, String> revertedHere =
        reverted.computeIfAbsent(baselineUid, k -> new ConcurrentHashMap<>());
    List<String> pending = new ArrayList<>();
    int changesBefore = remediated.getOrDefault(baselineUid, Set.of()).size() + revertedHere.size();
    boolean waiting = false;
    for (HasMetadata workload : workloads) {
      Optional<PodTarget> target = WorkloadPods.extract(workload);
      if (target.isEmpty() || ownedBy(workload, "Deployment") || ownedBy(workload, "CronJob")) {
        continue;
      }
      String key = key(workload);
      if (revertedHere.containsKey(key) || revertedInStatus.contains(key)) {
        continue;
      }
      String uid = workload.getMetadata().getUid();
      Written prior = written.get(uid);
      if (prior != null) {
        if (older(workload.getMetadata().getResourceVersion(), prior.resourceVersion())) {
          continue; // the cache has not seen our write yet
        }
        if (!TemplateDefaults.holds(target.get().spec(), prior.patch())) {
          reportReverted(client, baseline, workload, key, prior.changes(), revertedHere);
          continue;
        }
      }
      TemplateDefaults needed = TemplateDefaults.of(target.get().spec(), settings);
      if (needed.empty()) {
        continue;
      }
      if (workload instanceof Job) {
        pending.add(key + ": not patched, a Job's pod template is immutable");
        continue;
      }
      pending.add(key + ": " + String.join(", ", needed.changes()));
      if (!previewed) {
        waiting = true;
        continue;
      }
      if (workload.getMetadata().getResourceVersion().equals(refused.get(uid))) {
        continue;
      }
      write(client, baseline, workload, target.get(), needed, key);
    }
    pending.sort(Comparator.naturalOrder());
    NamespaceState state = new NamespaceState(baselineUid, List.copyOf(pending));
    NamespaceState before = namespaces.put(namespace, state);
    int after = remediated.getOrDefault(baselineUid, Set.of()).size() + revertedHere.size();
    if (!state.equals(before) || after != changesBefore) {
      listener.accept(baseline.getMetadata().getName());
    }
    return waiting ? Optional.of(PREVIEW_WAIT) : Optional.empty();
  }

  /** Forgets {@code namespace} (no longer governed, or its governor is not remediating). */
  public void forget(String namespace) {
    namespaces.remove(namespace);
  }

  /**
   * The remediation status of {@code baseline} over its {@code governed} namespaces, or null when
   * remediation is off for it. The preview is of the current generation by construction: it is
   * published only in the status the baseline reconciler writes once every governed namespace
   * reported this generation.
   */
  public RemediationStatus status(SecurityBaseline baseline, Collection<String> governed) {
    if (!enabled(baseline)) {
      return null;
    }
    String uid = baseline.getMetadata().getUid();
    List<String> pending = new ArrayList<>();
    for (String ns : new java.util.TreeSet<>(governed)) {
      NamespaceState state = namespaces.get(ns);
      if (state != null && uid.equals(state.baselineUid())) {
        pending.addAll(state.pending());
      }
    }
    RemediationStatus status = new RemediationStatus();
    Long generation = baseline.getMetadata().getGeneration();
    status.previewedGeneration = Objects.requireNonNullElse(generation, 0L);
    status.pending = pending.size();
    status.preview =
        List.copyOf(pending.subList(0, Math.min(RemediationStatus.NAMES, pending.size())));
    status.remediated = remediated.getOrDefault(uid, Set.of()).size();
    Map<String, String> all = new TreeMap<>();
    RemediationStatus previous =
        baseline.getStatus() == null ? null : baseline.getStatus().remediation;
    if (previous != null && previous.reverted != null) {
      previous.reverted.forEach(line -> all.put(keyOfLine(line), line));
    }
    all.putAll(reverted.getOrDefault(uid, Map.of()));
    status.revertedCount = Math.max(all.size(), previous == null ? 0 : previous.revertedCount);
    status.reverted = all.values().stream().limit(RemediationStatus.NAMES).toList();
    return status;
  }

  private void write(
      KubernetesClient client,
      SecurityBaseline baseline,
      HasMetadata workload,
      PodTarget target,
      TemplateDefaults needed,
      String key) {
    Map<String, Object> fragment = needed.podSpecPatch();
    String[] path = target.specPath().split("\\.");
    for (int i = path.length - 1; i >= 0; i--) {
      Map<String, Object> outer = new LinkedHashMap<>();
      outer.put(path[i], fragment);
      fragment = outer;
    }
    GenericKubernetesResource apply = new GenericKubernetesResource();
    apply.setApiVersion(workload.getApiVersion());
    apply.setKind(workload.getKind());
    apply.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(workload.getMetadata().getName())
            .withNamespace(workload.getMetadata().getNamespace())
            .build());
    apply.setAdditionalProperty("spec", fragment.get("spec"));
    String uid = workload.getMetadata().getUid();
    try {
      HasMetadata result =
          client
              .genericKubernetesResources(workload.getApiVersion(), workload.getKind())
              .inNamespace(workload.getMetadata().getNamespace())
              .withName(workload.getMetadata().getName())
              .patch(
                  new PatchContext.Builder()
                      .withPatchType(PatchType.SERVER_SIDE_APPLY)
                      .withFieldManager(FIELD_MANAGER)
                      .withForce(false)
                      .build(),
                  Serialization.asJson(apply));
      written.put(
          uid,
          new Written(
              Set.copyOf(needed.changes()),
              needed.podSpecPatch(),
              result.getMetadata().getResourceVersion()));
      remediated
          .computeIfAbsent(baseline.getMetadata().getUid(), k -> ConcurrentHashMap.newKeySet())
          .add(key);
      log.info("remediated {}: {}", key, String.join(", ", needed.changes()));
    } catch (KubernetesClientException e) {
      refused.put(uid, workload.getMetadata().getResourceVersion());
      log.warn(
          "could not remediate {}: HTTP {}: {}",
          key,
          e.getCode(),
          e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
    }
  }

  private void reportReverted(
      KubernetesClient client,
      SecurityBaseline baseline,
      HasMetadata workload,
      String key,
      Set<String> undone,
      Map<String, String> revertedHere) {
    String manager = lastOtherManager(client, workload).orElse("unknown");
    String line =
        key
            + ": changed back by field manager "
            + manager
            + " ("
            + String.join(", ", new java.util.TreeSet<>(undone))
            + ")";
    if (revertedHere.putIfAbsent(key, line) == null) {
      log.warn("{}; no longer remediated", line);
      events.warning(
          baseline, "RemediationReverted", line + "; Bulwark no longer remediates this object");
    }
  }

  /** The last writer other than Bulwark, from managedFields read on demand (caches drop them). */
  private static Optional<String> lastOtherManager(KubernetesClient client, HasMetadata workload) {
    try {
      GenericKubernetesResource fresh =
          client
              .genericKubernetesResources(workload.getApiVersion(), workload.getKind())
              .inNamespace(workload.getMetadata().getNamespace())
              .withName(workload.getMetadata().getName())
              .get();
      if (fresh == null || fresh.getMetadata().getManagedFields() == null) {
        return Optional.empty();
      }
      return fresh.getMetadata().getManagedFields().stream()
          .filter(f -> !FIELD_MANAGER.equals(f.getManager()))
          .filter(f -> f.getTime() != null)
          .max(Comparator.comparing(ManagedFieldsEntry::getTime))
          .map(ManagedFieldsEntry::getManager)
          .filter(Objects::nonNull);
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }

  private static boolean enabled(SecurityBaseline baseline) {
    return baseline.getSpec() != null
        && baseline.getSpec().mode == Mode.Enforce
        && baseline.getSpec().defaults != null
        && baseline.getSpec().defaults.remediateWorkloads
        && !DefaultSetting.of(baseline.getSpec().defaults).isEmpty();
  }

  private static boolean previewed(SecurityBaseline baseline) {
    RemediationStatus status =
        baseline.getStatus() == null ? null : baseline.getStatus().remediation;
    return status != null
        && status.previewedGeneration != null
        && status.previewedGeneration.equals(baseline.getMetadata().getGeneration());
  }

  private static Set<String> revertedInStatus(SecurityBaseline baseline) {
    RemediationStatus status =
        baseline.getStatus() == null ? null : baseline.getStatus().remediation;
    Set<String> keys = new HashSet<>();
    if (status != null && status.reverted != null) {
      status.reverted.forEach(line -> keys.add(keyOfLine(line)));
    }
    return keys;
  }

  private static String keyOfLine(String line) {
    int colon = line.indexOf(':');
    return colon < 0 ? line : line.substring(0, colon);
  }

  /** Whether resourceVersion {@code a} is older than {@code b} (etcd revisions, else unequal). */
  static boolean older(String a, String b) {
    try {
      return Long.parseLong(a) < Long.parseLong(b);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean ownedBy(HasMetadata object, String kind) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    if (owners == null) {
      return false;
    }
    boolean relevant = object instanceof ReplicaSet || object instanceof Job;
    return relevant && owners.stream().anyMatch(o -> kind.equals(o.getKind()));
  }

  private static String key(HasMetadata object) {
    return object.getKind()
        + " "
        + object.getMetadata().getNamespace()
        + "/"
        + object.getMetadata().getName();
  }
}
