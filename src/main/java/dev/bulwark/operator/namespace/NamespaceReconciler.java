package dev.bulwark.operator.namespace;

import dev.bulwark.api.Mode;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.operator.OperatorTimings;
import dev.bulwark.operator.defaults.WorkloadRemediator;
import dev.bulwark.operator.events.EventRecorder;
import dev.bulwark.operator.informers.NextWakeup;
import dev.bulwark.operator.informers.Wakeups;
import dev.bulwark.operator.informers.WithoutManagedFields;
import dev.bulwark.operator.ledger.ComplianceLedger;
import dev.bulwark.operator.ledger.ContestedObject;
import dev.bulwark.operator.ledger.NamespaceEvaluation;
import dev.bulwark.operator.reports.OpenReportsPublisher;
import dev.bulwark.operator.vulnerabilities.VulnerabilityReports;
import dev.bulwark.operator.writes.RepairBackoff;
import dev.bulwark.operator.writes.WriteGate;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.BaselineSelection;
import dev.bulwark.plan.Governance;
import dev.bulwark.plan.ImpossibleExceptions;
import dev.bulwark.plan.NamespacePlanner;
import dev.bulwark.plan.Ownership;
import dev.bulwark.plan.SpecValidator;
import dev.bulwark.policy.WorkloadKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one namespace in line with the baseline that governs it, in steps: gather (caches, the
 * winning baseline), release what a baseline gave up, enforce the plan (Enforce mode, one writer
 * per owned kind), audit what exists, record the {@link NamespaceEvaluation} for the baseline's
 * status, publish the namespace's OpenReports Report, remediate workload templates (opt-in), and
 * come back at the earliest time any step asked for.
 */
// At most 10 reconciles of one namespace per 2 s: a writer that fights Bulwark's objects, or a
// burst of pod churn, cannot turn into a reconcile storm; ordinary changes stay far below it.
@RateLimited(maxReconciliations = 10, within = 2, unit = TimeUnit.SECONDS)
@ControllerConfiguration(
    name = NamespaceReconciler.NAME,
    fieldManager = Ownership.FIELD_MANAGER,
    generationAwareEventProcessing = false,
    // Wake-ups are Wakeups' (one per namespace), not java-operator-sdk's timer, which
    // keeps a cancelled task per reconcile until its due time.
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 0),
    informer = @Informer(itemStore = WithoutManagedFields.class, informerListLimit = 500))
public final class NamespaceReconciler implements Reconciler<Namespace> {

  public static final String NAME = "bulwark-namespaces";

  private static final Logger log = LoggerFactory.getLogger(NamespaceReconciler.class);

  private final ComplianceLedger ledger;
  private final BaselineSelection selection;
  private final SpecValidator validator;
  private final NamespaceAuditor auditor;
  private final VulnerabilityReports vulnerabilityReports;
  private final VulnerabilityAuditor vulnerabilities;
  private final OpenReportsPublisher reports;
  private final WorkloadRemediator remediator;
  private final EnforcementEvents events;
  private final OperatorTimings timings;
  private final Clock clock;
  private final RepairBackoff backoff;
  private final Wakeups<Namespace> wakeups;
  private final RbacSnapshots rbac = new RbacSnapshots();

  public NamespaceReconciler(
      ComplianceLedger ledger,
      BaselineSelection selection,
      SpecValidator validator,
      NamespaceAuditor auditor,
      VulnerabilityReports vulnerabilityReports,
      EventRecorder events,
      OpenReportsPublisher reports,
      WorkloadRemediator remediator,
      OperatorTimings timings,
      Clock clock) {
    this.ledger = ledger;
    this.selection = selection;
    this.validator = validator;
    this.auditor = auditor;
    this.vulnerabilityReports = vulnerabilityReports;
    this.vulnerabilities = new VulnerabilityAuditor(vulnerabilityReports, clock);
    this.reports = reports;
    this.remediator = remediator;
    this.events = new EnforcementEvents(events, timings.repairMaxWait());
    this.timings = timings;
    this.clock = clock;
    this.backoff = new RepairBackoff(timings, 1);
    this.wakeups = new Wakeups<>("namespace-wakeups", timings.safetyNet());
    // Namespaces that waited for the OpenReports API are reconciled again when it appears.
    reports.onApiServed(name -> wakeups.wakeAfter(new ResourceID(name), Duration.ZERO));
  }

  @Override
  public List<EventSource<?, Namespace>> prepareEventSources(
      EventSourceContext<Namespace> context) {
    List<EventSource<?, Namespace>> sources =
        new ArrayList<>(NamespaceInformers.create(context, rbac));
    sources.add(wakeups);
    sources.add(vulnerabilityReports);
    return sources;
  }

  @Override
  public UpdateControl<Namespace> reconcile(Namespace namespace, Context<Namespace> context) {
    // java-operator-sdk never calls this for a namespace marked for deletion (no finalizer of
    // ours): the baseline reconciler's namespace informer forgets it at that event instead.
    Duration next = reconcile(namespace, new NamespaceCaches(context, rbac), context.getClient());
    wakeups.wakeAfter(ResourceID.fromResource(namespace), next);
    return UpdateControl.noUpdate();
  }

  /** One pass; returns when to look again, null when only the safety net applies. */
  private Duration reconcile(Namespace namespace, NamespaceCaches caches, KubernetesClient client) {
    String name = namespace.getMetadata().getName();
    String uid = namespace.getMetadata().getUid();
    Instant now = clock.instant();
    NamespaceEvaluation previous = ledger.previous(name);
    Governance governance = selection.govern(namespace, caches.all(SecurityBaseline.class));
    OwnedState owned = caches.owned(name);
    try {
      new NamespaceRelease(client).releaseIfGivenUp(namespace, governance, owned);
    } catch (KubernetesClientException e) {
      // Refused or failed half-way: the ownership annotation is still there, so the next attempt
      // finishes it. Retried with the settle backoff, not java-operator-sdk's few retries.
      int streak = (previous == null ? 0 : previous.unsettledStreak()) + 1;
      String refusal = WriteGate.refusal(e);
      log.warn("namespace {}: release not finished, retrying: {}", name, refusal);
      ledger.record(
          NamespaceEvaluation.of(name, uid)
              .unsettled(streak)
              .problem("release refused: " + refusal)
              .build());
      return settleCheckAfter(streak);
    }
    if (governance.winner().isEmpty()) {
      remediator.forget(name);
      vulnerabilityReports.forget(name);
      ledger.record(NamespaceEvaluation.ungoverned(name, uid));
      return reports.withdraw(name).orElse(null);
    }

    SecurityBaseline baseline = governance.winner().get();
    String governor = baseline.getMetadata().getName();
    long generation = generation(baseline);
    NamespaceEvaluation.Builder evaluation =
        NamespaceEvaluation.of(name, uid)
            .governedBy(governor, generation, selectedBy(governance))
            .enforcementWarnings(warningsKept(previous, governor));
    if (!validator.validate(baseline).isEmpty()) {
      ledger.record(evaluation.problem("baseline is invalid").build());
      return null;
    }

    // Exceptions the namespace labels make impossible are not applied (SpecValidator warns).
    ActiveExceptions exceptions =
        ActiveExceptions.at(baseline.getSpec().exceptions, now)
            .without(ImpossibleExceptions.checks(baseline.getSpec()));
    EnforcementResult enforced = EnforcementResult.NOTHING_ENFORCED;
    List<ContestedObject> contested = List.of();
    if (baseline.getSpec().mode == Mode.Enforce) {
      enforced =
          new NamespaceEnforcement(client)
              .enforce(
                  NamespacePlanner.plan(baseline, name),
                  namespace,
                  owned,
                  new WriteGate(backoff, now, "baseline " + governor));
      contested = ContestedObjects.in(client, backoff, name, now);
      boolean wasSettled = previous != null && previous.settledUnder(governor, generation);
      if (wasSettled && !enforced.written().isEmpty()) {
        ledger.recordRepair(
            baseline.getMetadata().getUid(),
            governor,
            now,
            enforced.written().stream().map(w -> w.object().kind()).toList());
      }
      events.record(baseline, name, enforced, wasSettled, contested);
      if (enforced.tightened()) {
        evaluation.enforcementWarnings(enforced.tighteningWarnings());
      }
    }
    int streak = enforced.settled() ? 0 : (previous == null ? 0 : previous.unsettledStreak()) + 1;
    if (streak >= 3) {
      log.warn(
          "namespace {}: owned state rewritten {} times in a row; the cluster does not keep it",
          name,
          streak);
    }
    NamespaceAuditor.Result audit = auditor.audit(name, baseline, exceptions, caches);
    VulnerabilityAuditor.Found vulnerable =
        vulnerabilities.audit(name, baseline, exceptions, caches);
    List<Violation> violations = vulnerable.addedTo(audit.violations());
    log.debug("namespace {}: under {}, {} violation(s)", name, governor, violations.size());
    if (!enforced.settled()) {
      evaluation.unsettled(streak);
    }
    ledger.record(
        evaluation
            .violations(violations)
            .admissionRefusals(audit.admissionRefusals())
            .problem(enforced.refusalProblem())
            .contested(contested)
            .differing(enforced.differing())
            .vulnerabilities(vulnerable.evaluation())
            .build());

    return new NextWakeup(now)
        .after(enforced.settled() ? null : settleCheckAfter(streak))
        .at(enforced.retryAt())
        .after(reports.publish(name, uid, baseline, violations, vulnerable.extras()))
        .after(remediator.remediate(client, name, baseline, exceptions, remediable(caches, name)))
        .at(exceptions.nextExpiry())
        .at(vulnerable.nextExpiry())
        .delay();
  }

  /**
   * A reconcile that threw still leaves an evaluation, so the baseline's status names the namespace
   * and the reason instead of waiting for one that never comes; java-operator-sdk retries.
   */
  @Override
  public ErrorStatusUpdateControl<Namespace> updateErrorStatus(
      Namespace namespace, Context<Namespace> context, Exception e) {
    String name = namespace.getMetadata().getName();
    Governance governance =
        selection.govern(namespace, new NamespaceCaches(context, rbac).all(SecurityBaseline.class));
    NamespaceEvaluation previous = ledger.previous(name);
    NamespaceEvaluation.Builder evaluation =
        NamespaceEvaluation.of(name, namespace.getMetadata().getUid())
            .unsettled(previous == null ? 1 : previous.unsettledStreak() + 1)
            .problem("reconcile failed: " + e.getMessage());
    governance
        .winner()
        .ifPresent(
            winner -> {
              String governor = winner.getMetadata().getName();
              evaluation
                  .governedBy(governor, generation(winner), selectedBy(governance))
                  .enforcementWarnings(warningsKept(previous, governor));
              if (previous != null && Objects.equals(previous.governor(), governor)) {
                evaluation
                    .violations(previous.violations())
                    .contested(previous.contested())
                    .differing(previous.differing())
                    .vulnerabilities(previous.vulnerabilities());
              }
            });
    ledger.record(evaluation.build());
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  /**
   * The tightening warnings to carry into a new evaluation: the previous ones while the same
   * baseline governs, none after a change of governor, unknown (null) when this process has no
   * evaluation yet.
   */
  private static List<String> warningsKept(NamespaceEvaluation previous, String governor) {
    if (previous == null) {
      return null;
    }
    return governor.equals(previous.governor()) ? previous.enforcementWarnings() : List.of();
  }

  private static Set<String> selectedBy(Governance governance) {
    Set<String> selectedBy = new LinkedHashSet<>();
    Stream.concat(governance.winner().stream(), governance.losers().stream())
        .forEach(b -> selectedBy.add(b.getMetadata().getName()));
    return selectedBy;
  }

  private static long generation(SecurityBaseline baseline) {
    Long generation = baseline.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  /**
   * Looks again soon after a write to confirm the namespace settled, backing off when every look
   * finds something to write again, so a cluster that does not keep our state is not hammered.
   */
  private Duration settleCheckAfter(int unsettledStreak) {
    return settleCheckAfter(timings, unsettledStreak);
  }

  /** {@link OperatorTimings#settleCheck()} doubled per unsettled look, at most the maximum. */
  static Duration settleCheckAfter(OperatorTimings timings, int unsettledStreak) {
    Duration delay = timings.settleCheck().multipliedBy(1L << Math.min(unsettledStreak - 1, 16));
    return delay.compareTo(timings.maxSettleCheck()) > 0 ? timings.maxSettleCheck() : delay;
  }

  /** The workloads whose pod templates remediation may patch, from the caches. */
  private static List<HasMetadata> remediable(NamespaceCaches caches, String namespace) {
    List<HasMetadata> all = new ArrayList<>();
    for (WorkloadKind kind : WorkloadKind.values()) {
      if (kind.remediated()) {
        all.addAll(caches.in(kind.type(), namespace));
      }
    }
    return all;
  }
}
