package dev.bulwark.operator.defaults;

import dev.bulwark.api.Mode;
import dev.bulwark.api.RemediationStatus;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.defaults.DefaultSetting;
import dev.bulwark.operator.OperatorTimings;
import dev.bulwark.operator.events.EventReasons;
import dev.bulwark.operator.events.EventRecorder;
import dev.bulwark.operator.writes.FieldManagers;
import dev.bulwark.operator.writes.ObjectRef;
import dev.bulwark.operator.writes.RepairBackoff;
import dev.bulwark.operator.writes.WriteGate;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.policy.PodTarget;
import dev.bulwark.policy.WorkloadPods;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills in a baseline's {@link DefaultSetting}s in the pod templates of existing workloads of one
 * namespace ({@code spec.defaults.remediateWorkloads}), by server-side apply under its own field
 * manager {@value #FIELD_MANAGER} and without forcing, so it only ever takes fields nobody owns.
 *
 * <p>Rules ({@link RemediationDecision}): Deployments, StatefulSets, DaemonSets, ReplicaSets and
 * CronJobs without a controller are patched; one made from the template of a Deployment or CronJob
 * is left to it; one controlled by anything else (an operator's custom resource, an Argo Rollout)
 * is left alone and listed as such; a Job's pod template is immutable in the API server, so Jobs
 * are only listed. A setting an active exception covers for the workload (its own labels or its pod
 * template's) is not written. Nothing is written for a baseline generation before the complete
 * preview of that generation, from every governed namespace's evaluation of it, is in the
 * baseline's status ({@link RemediationStatus#previewedGeneration}). A write the API server refuses
 * is reported (status, a {@code RemediationRefused} condition, one Event per workload) and retried
 * with {@link RepairBackoff}, or at once when the workload changes. When a value Bulwark set is
 * unset or changed again, another writer reverted it: that object is never written again (in this
 * process, and after a restart while the baseline's status names it), and it is reported once (an
 * Event) and in status. What it remembers is in {@link RemediationState}; the template writes are
 * {@link TemplatePatchWriter}'s.
 */
public final class WorkloadRemediator {

  /** Field manager of every template patch, apart from the one of owned objects. */
  public static final String FIELD_MANAGER = "bulwark-remediation";

  private static final Logger log = LoggerFactory.getLogger(WorkloadRemediator.class);

  private final EventRecorder events;
  private final Duration previewWait;
  private final Clock clock;
  private final RepairBackoff backoff;
  private final RemediationState state = new RemediationState();

  /** Told the name of a baseline whose remediation status may have changed. */
  private volatile Consumer<String> listener = name -> {};

  /**
   * @param timings {@link OperatorTimings#remediationPreviewWait()}: how soon a namespace looks
   *     again while writes wait for the preview; the repair timings pace retries of refused writes
   */
  public WorkloadRemediator(EventRecorder events, OperatorTimings timings, Clock clock) {
    this.events = events;
    this.previewWait = timings.remediationPreviewWait();
    this.clock = clock;
    this.backoff = new RepairBackoff(timings, 1);
  }

  /** Calls {@code listener} with a baseline's name whenever its remediation status may change. */
  public void onChange(Consumer<String> listener) {
    this.listener = listener;
  }

  /**
   * Evaluates and, once previewed, patches the {@code workloads} of {@code namespace} governed by
   * {@code baseline}, leaving alone the settings {@code exceptions} cover; forgets the namespace
   * when remediation is off. Returns when to look again: while writes wait for the preview, or for
   * the retry of a refused write.
   */
  public Optional<Duration> remediate(
      KubernetesClient client,
      String namespace,
      SecurityBaseline baseline,
      ActiveExceptions exceptions,
      List<? extends HasMetadata> workloads) {
    if (!enabled(baseline)) {
      state.forget(namespace);
      return Optional.empty();
    }
    Instant now = clock.instant();
    String baselineUid = baseline.getMetadata().getUid();
    long generation = generation(baseline);
    Set<DefaultSetting> settings = DefaultSetting.of(baseline.getSpec().defaults);
    boolean previewed = RemediationStatusBuilder.previewed(baseline);
    int changesBefore = changes(baselineUid);
    List<String> pending = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    boolean waiting = false;
    Instant retryAt = null;
    TemplatePatchWriter writer = new TemplatePatchWriter(client);
    for (HasMetadata workload : workloads) {
      ObjectRef ref = ObjectRef.of(workload);
      String key = ref.toString();
      String uid = workload.getMetadata().getUid();
      Optional<RepairBackoff.Refusal> waits = retryWaits(workload, ref, now);
      RemediationStep step =
          RemediationDecision.decide(
              workload,
              applicable(settings, workload, exceptions),
              new RemediationDecision.Memory(
                  key,
                  state.isReverted(baselineUid, key)
                      || RemediationStatusBuilder.revertedInStatus(baseline, key),
                  state.written(uid),
                  waits.map(RepairBackoff.Refusal::message).orElse(null),
                  previewed));
      switch (step.action()) {
        case NOTHING -> state.clearRefusal(uid);
        case REPORT_REVERTED -> reportReverted(client, baseline, workload, key, step.undone());
        case LIST -> {
          pending.add(step.pendingLine());
          waiting |= !previewed && !"Job".equals(workload.getKind());
        }
        case REFUSED -> {
          refused.add(step.pendingLine());
          Instant until = waits.orElseThrow().until();
          retryAt = retryAt == null || until.isBefore(retryAt) ? until : retryAt;
        }
        case WRITE -> {
          Optional<Instant> retry = write(writer, baseline, workload, step, ref, now);
          if (retry.isPresent()) {
            refused.add(key + ": " + state.refusal(uid).message());
            retryAt = retryAt == null || retry.get().isBefore(retryAt) ? retry.get() : retryAt;
          } else {
            pending.add(step.pendingLine());
          }
        }
      }
    }
    pending.sort(Comparator.naturalOrder());
    refused.sort(Comparator.naturalOrder());
    boolean changed =
        state.pending(
            namespace,
            new RemediationState.NamespacePending(
                baselineUid, generation, List.copyOf(pending), List.copyOf(refused)));
    if (changed || changes(baselineUid) != changesBefore) {
      listener.accept(baseline.getMetadata().getName());
    }
    Duration retry = retryAt == null ? null : Duration.between(now, retryAt);
    if (waiting && (retry == null || previewWait.compareTo(retry) < 0)) {
      retry = previewWait;
    }
    return Optional.ofNullable(retry).map(d -> d.isNegative() ? Duration.ZERO : d);
  }

  /** Forgets {@code namespace} (no longer governed, or its governor is not remediating). */
  public void forget(String namespace) {
    state.forget(namespace);
  }

  /**
   * The remediation status of {@code baseline} over its {@code governed} namespaces, or null when
   * remediation is off for it. Its preview counts as the current generation's only once every
   * governed namespace was evaluated at that generation (see {@link RemediationStatusBuilder}).
   */
  public RemediationStatus status(SecurityBaseline baseline, Collection<String> governed) {
    return enabled(baseline) ? RemediationStatusBuilder.build(baseline, governed, state) : null;
  }

  /**
   * The refusal whose retry still waits for {@code workload}: the last write of this very version
   * was refused and its backoff has not run out. A changed workload is tried again at once.
   */
  private Optional<RepairBackoff.Refusal> retryWaits(
      HasMetadata workload, ObjectRef ref, Instant now) {
    RemediationState.Refusal last = state.refusal(workload.getMetadata().getUid());
    if (last == null
        || !last.resourceVersion().equals(workload.getMetadata().getResourceVersion())) {
      return Optional.empty();
    }
    return backoff.refusedUntil(ref, now);
  }

  /**
   * {@code settings} minus those an active exception covers for one of their checks, for the
   * workload's own labels or its pod template's (the pods an exception is meant for).
   */
  static Set<DefaultSetting> applicable(
      Set<DefaultSetting> settings, HasMetadata workload, ActiveExceptions exceptions) {
    Set<DefaultSetting> kept = settings.isEmpty() ? Set.of() : EnumSet.copyOf(settings);
    String namespace = workload.getMetadata().getNamespace();
    Map<String, String> own = workload.getMetadata().getLabels();
    Map<String, String> template =
        WorkloadPods.extract(workload)
            .map(PodTarget::metadata)
            .map(ObjectMeta::getLabels)
            .orElse(null);
    kept.removeIf(
        setting ->
            setting.checks().stream()
                .anyMatch(
                    check ->
                        exceptions.covers(check, namespace, own)
                            || (template != null
                                && exceptions.covers(check, namespace, template))));
    return kept;
  }

  /** Writes the step; returns when to retry if the API server refused it. */
  private Optional<Instant> write(
      TemplatePatchWriter writer,
      SecurityBaseline baseline,
      HasMetadata workload,
      RemediationStep step,
      ObjectRef ref,
      Instant now) {
    String uid = workload.getMetadata().getUid();
    String key = ref.toString();
    try {
      String resourceVersion =
          writer.write(workload, WorkloadPods.extract(workload).orElseThrow(), step.needed());
      state.wrote(
          baseline.getMetadata().getUid(),
          uid,
          key,
          new RemediationState.Written(
              Set.copyOf(step.needed().changes()), step.needed().podSpecPatch(), resourceVersion));
      state.clearRefusal(uid);
      backoff.accepted(ref);
      log.info("remediated {}: {}", key, String.join(", ", step.needed().changes()));
      return Optional.empty();
    } catch (KubernetesClientException e) {
      String message = WriteGate.refusal(e);
      backoff.refused(ref, now, message);
      Instant until = backoff.refusedUntil(ref, now).map(RepairBackoff.Refusal::until).orElse(now);
      boolean first =
          state.refused(
              uid,
              new RemediationState.Refusal(workload.getMetadata().getResourceVersion(), message));
      log.warn("could not remediate {}, retrying after {}: {}", key, until, message);
      if (first) {
        events.series(
            baseline,
            "Warning",
            EventReasons.REMEDIATION_REFUSED,
            key,
            key
                + ": the API server refused the template write ("
                + String.join(", ", step.needed().changes())
                + "): "
                + message
                + "; retried with backoff and when the workload changes");
      }
      return Optional.of(until);
    }
  }

  private void reportReverted(
      KubernetesClient client,
      SecurityBaseline baseline,
      HasMetadata workload,
      String key,
      Set<String> undone) {
    String manager =
        FieldManagers.lastOther(
                client, workload.getApiVersion(), ObjectRef.of(workload), FIELD_MANAGER)
            .orElse("unknown");
    String line = RevertedLines.line(key, manager, undone);
    if (state.reverted(baseline.getMetadata().getUid(), key, line)) {
      log.warn("{}; no longer remediated", line);
      events.warning(
          baseline,
          EventReasons.REMEDIATION_REVERTED,
          line + "; Bulwark no longer remediates this object");
    }
  }

  /** Patched plus changed-back objects under a baseline: a change means a status change. */
  private int changes(String baselineUid) {
    return state.remediatedCount(baselineUid) + state.revertedUnder(baselineUid).size();
  }

  private static long generation(SecurityBaseline baseline) {
    Long generation = baseline.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  private static boolean enabled(SecurityBaseline baseline) {
    return baseline.getSpec() != null
        && baseline.getSpec().mode == Mode.Enforce
        && baseline.getSpec().defaults != null
        && baseline.getSpec().defaults.remediateWorkloads
        && !DefaultSetting.of(baseline.getSpec().defaults).isEmpty();
  }
}
