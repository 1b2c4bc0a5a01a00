package dev.bulwark.operator.defaults;

import dev.bulwark.api.Mode;
import dev.bulwark.api.RemediationStatus;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.defaults.DefaultSetting;
import dev.bulwark.operator.events.EventReasons;
import dev.bulwark.operator.events.EventRecorder;
import dev.bulwark.operator.writes.FieldManagers;
import dev.bulwark.operator.writes.ObjectRef;
import dev.bulwark.operator.writes.WriteGate;
import dev.bulwark.policy.WorkloadPods;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
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
 * <p>Rules ({@link RemediationDecision}): Deployments, StatefulSets, DaemonSets, ReplicaSets not
 * owned by a Deployment and CronJobs are patched; a Job's pod template is immutable in the API
 * server, so Jobs are only listed (and those a CronJob owns not at all). Nothing is written for a
 * baseline generation before its preview is in the baseline's status ({@link
 * RemediationStatus#previewedGeneration}). When a value Bulwark set is unset or changed again,
 * another writer reverted it: that object is never written again (in this process, and after a
 * restart while the baseline's status names it), and it is reported once (an Event) and in status.
 * What it remembers is in {@link RemediationState}; the template writes are {@link
 * TemplatePatchWriter}'s.
 */
public final class WorkloadRemediator {

  /** Field manager of every template patch, apart from the one of owned objects. */
  public static final String FIELD_MANAGER = "bulwark-remediation";

  private static final Logger log = LoggerFactory.getLogger(WorkloadRemediator.class);

  private final EventRecorder events;
  private final Duration previewWait;
  private final RemediationState state = new RemediationState();

  /** Told the name of a baseline whose remediation status may have changed. */
  private volatile Consumer<String> listener = name -> {};

  /**
   * @param previewWait how soon a namespace looks again while writes wait for the preview of the
   *     baseline's generation to be in status
   */
  public WorkloadRemediator(EventRecorder events, Duration previewWait) {
    this.events = events;
    this.previewWait = previewWait;
  }

  /** Calls {@code listener} with a baseline's name whenever its remediation status may change. */
  public void onChange(Consumer<String> listener) {
    this.listener = listener;
  }

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
      state.forget(namespace);
      return Optional.empty();
    }
    String baselineUid = baseline.getMetadata().getUid();
    Set<DefaultSetting> settings = DefaultSetting.of(baseline.getSpec().defaults);
    boolean previewed = RemediationStatusBuilder.previewed(baseline);
    int changesBefore = changes(baselineUid);
    List<String> pending = new ArrayList<>();
    boolean waiting = false;
    TemplatePatchWriter writer = new TemplatePatchWriter(client);
    for (HasMetadata workload : workloads) {
      String key = ObjectRef.of(workload).toString();
      String uid = workload.getMetadata().getUid();
      RemediationStep step =
          RemediationDecision.decide(
              workload,
              settings,
              new RemediationDecision.Memory(
                  key,
                  state.isReverted(baselineUid, key)
                      || RemediationStatusBuilder.revertedInStatus(baseline, key),
                  state.written(uid),
                  state.refusedAt(uid, workload.getMetadata().getResourceVersion()),
                  previewed));
      switch (step.action()) {
        case NOTHING -> {}
        case REPORT_REVERTED -> reportReverted(client, baseline, workload, key, step.undone());
        case LIST -> {
          pending.add(step.pendingLine());
          waiting |= !previewed && !"Job".equals(workload.getKind());
        }
        case WRITE -> {
          pending.add(step.pendingLine());
          write(writer, baselineUid, workload, step, key);
        }
      }
    }
    pending.sort(Comparator.naturalOrder());
    boolean changed =
        state.pending(
            namespace, new RemediationState.NamespacePending(baselineUid, List.copyOf(pending)));
    if (changed || changes(baselineUid) != changesBefore) {
      listener.accept(baseline.getMetadata().getName());
    }
    return waiting ? Optional.of(previewWait) : Optional.empty();
  }

  /** Forgets {@code namespace} (no longer governed, or its governor is not remediating). */
  public void forget(String namespace) {
    state.forget(namespace);
  }

  /**
   * The remediation status of {@code baseline} over its {@code governed} namespaces, or null when
   * remediation is off for it. The preview is of the current generation by construction: it is
   * published only in the status the baseline reconciler writes once every governed namespace
   * reported this generation.
   */
  public RemediationStatus status(SecurityBaseline baseline, Collection<String> governed) {
    return enabled(baseline) ? RemediationStatusBuilder.build(baseline, governed, state) : null;
  }

  private void write(
      TemplatePatchWriter writer,
      String baselineUid,
      HasMetadata workload,
      RemediationStep step,
      String key) {
    String uid = workload.getMetadata().getUid();
    try {
      String resourceVersion =
          writer.write(workload, WorkloadPods.extract(workload).orElseThrow(), step.needed());
      state.wrote(
          baselineUid,
          uid,
          key,
          new RemediationState.Written(
              Set.copyOf(step.needed().changes()), step.needed().podSpecPatch(), resourceVersion));
      log.info("remediated {}: {}", key, String.join(", ", step.needed().changes()));
    } catch (KubernetesClientException e) {
      state.refused(uid, workload.getMetadata().getResourceVersion());
      log.warn("could not remediate {}: {}", key, WriteGate.refusal(e));
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

  private static boolean enabled(SecurityBaseline baseline) {
    return baseline.getSpec() != null
        && baseline.getSpec().mode == Mode.Enforce
        && baseline.getSpec().defaults != null
        && baseline.getSpec().defaults.remediateWorkloads
        && !DefaultSetting.of(baseline.getSpec().defaults).isEmpty();
  }
}
