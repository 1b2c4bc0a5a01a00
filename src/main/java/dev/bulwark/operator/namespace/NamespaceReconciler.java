package dev.bulwark.operator.namespace;

import dev.bulwark.api.Mode;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.operator.defaults.WorkloadRemediator;
import dev.bulwark.operator.events.EventRecorder;
import dev.bulwark.operator.informers.Wakeups;
import dev.bulwark.operator.informers.WithoutManagedFields;
import dev.bulwark.operator.ledger.ComplianceLedger;
import dev.bulwark.operator.ledger.NamespaceReport;
import dev.bulwark.operator.reports.ReportPublisher;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.BaselineSelection;
import dev.bulwark.plan.Governance;
import dev.bulwark.plan.NamespacePlanner;
import dev.bulwark.plan.Ownership;
import dev.bulwark.plan.SpecProblem;
import dev.bulwark.plan.SpecValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one namespace in line with the baseline that governs it: picks the winner, enforces its
 * plan (Enforce mode), audits what exists, and records the result for the baseline's status.
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

  /** How soon to look again after writing, to confirm the namespace settled. */
  private static final Duration SETTLE_CHECK = Duration.ofSeconds(2);

  /** The longest wait between settle checks when writes keep being needed. */
  private static final Duration MAX_SETTLE_CHECK = Duration.ofMinutes(5);

  private final ComplianceLedger ledger;
  private final BaselineSelection selection;
  private final SpecValidator validator;
  private final NamespaceAuditor auditor;
  private final EventRecorder events;
  private final ReportPublisher reports;
  private final Clock clock;
  private final RepairBackoff backoff = new RepairBackoff();
  private final WorkloadRemediator remediator;
  private final Wakeups<Namespace> wakeups = new Wakeups<>("namespace-wakeups");
  private final RbacSnapshots rbac = new RbacSnapshots();

  public NamespaceReconciler(
      ComplianceLedger ledger,
      BaselineSelection selection,
      SpecValidator validator,
      NamespaceAuditor auditor,
      EventRecorder events,
      ReportPublisher reports,
      Clock clock) {
    this(
        ledger,
        selection,
        validator,
        auditor,
        events,
        reports,
        clock,
        new WorkloadRemediator(events));
  }

  /** As the other constructor, remediating workload templates with {@code remediator}. */
  public NamespaceReconciler(
      ComplianceLedger ledger,
      BaselineSelection selection,
      SpecValidator validator,
      NamespaceAuditor auditor,
      EventRecorder events,
      ReportPublisher reports,
      Clock clock,
      WorkloadRemediator remediator) {
    this.remediator = remediator;
    this.ledger = ledger;
    this.selection = selection;
    this.validator = validator;
    this.auditor = auditor;
    this.events = events;
    this.reports = reports;
    // Namespaces that waited for the OpenReports API are reconciled again when it appears.
    reports.onApiServed(name -> wakeups.wakeAfter(new ResourceID(name), Duration.ZERO));
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Namespace>> prepareEventSources(
      EventSourceContext<Namespace> context) {
    List<EventSource<?, Namespace>> sources =
        new ArrayList<>(NamespaceInformers.create(context, rbac));
    sources.add(wakeups);
    return sources;
  }

  @Override
  public UpdateControl<Namespace> reconcile(Namespace namespace, Context<Namespace> context) {
    Duration next = reconcileAndPlanNext(namespace, context);
    wakeups.wakeAfter(ResourceID.fromResource(namespace), next);
    return UpdateControl.noUpdate();
  }

  /** Reconciles; returns when to look again, null when only the safety-net interval applies. */
  private Duration reconcileAndPlanNext(Namespace namespace, Context<Namespace> context) {
    // java-operator-sdk never calls this for a namespace marked for deletion (no finalizer of
    // ours): the baseline reconciler's namespace informer forgets it at that event instead.
    String name = namespace.getMetadata().getName();
    String uid = namespace.getMetadata().getUid();
    NamespaceCaches caches = new NamespaceCaches(context, rbac);
    List<SecurityBaseline> baselines = caches.all(SecurityBaseline.class);
    Governance governance = selection.govern(namespace, baselines);
    log.debug(
        "namespace {}: {} baseline(s) known, governed by {}",
        name,
        baselines.size(),
        governance.winner().map(b -> b.getMetadata().getName()).orElse("none"));
    try {
      releaseIfGivenUp(namespace, governance, caches, context);
    } catch (KubernetesClientException e) {
      // Refused or failed half-way: the ownership annotation is still there, so the next attempt
      // finishes it. Retried with the settle backoff, not java-operator-sdk's few retries.
      NamespaceReport previous = ledger.previous(name);
      int streak = (previous == null ? 0 : previous.unsettledStreak()) + 1;
      String refusal = NamespaceEnforcer.refusal(e);
      log.warn("namespace {}: release not finished, retrying: {}", name, refusal);
      ledger.record(
          new NamespaceReport(
              name,
              uid,
              null,
              0,
              Set.of(),
              List.of(),
              false,
              streak,
              "release refused: " + refusal,
              List.of(),
              List.of()));
      return settleCheckAfter(streak);
    }
    if (governance.winner().isEmpty()) {
      remediator.forget(name);
      ledger.record(NamespaceReport.ungoverned(name, uid));
      return reports.withdraw(name).orElse(null);
    }

    SecurityBaseline baseline = governance.winner().get();
    String baselineName = baseline.getMetadata().getName();
    long generation = generation(baseline);
    Set<String> selectedBy = selectedBy(governance);

    List<SpecProblem> problems = validator.validate(baseline);
    NamespaceReport previous = ledger.previous(name);
    if (!problems.isEmpty()) {
      ledger.record(
          new NamespaceReport(
              name,
              uid,
              baselineName,
              generation,
              selectedBy,
              List.of(),
              false,
              0,
              "baseline is invalid",
              warningsKept(previous, baselineName),
              List.of()));
      return null;
    }

    Instant now = clock.instant();
    ActiveExceptions exceptions = ActiveExceptions.at(baseline.getSpec().exceptions, now);
    boolean settled = true;
    List<String> warnings = warningsKept(previous, baselineName);
    String problem = null;
    List<String> contested = List.of();
    Instant retryAt = null;
    Optional<Duration> remediationRetry =
        remediator.remediate(context.getClient(), name, baseline, workloads(caches, name));
    if (baseline.getSpec().mode == Mode.Enforce) {
      EnforcementOutcome outcome =
          new NamespaceEnforcer(context.getClient())
              .enforce(
                  NamespacePlanner.plan(baseline, name),
                  namespace,
                  owned(caches, name),
                  backoff,
                  now);
      settled = outcome.settled();
      retryAt = outcome.retryAt();
      if (!outcome.changes().isEmpty()
          && previous != null
          && previous.settledUnder(baselineName, generation)) {
        ledger.recordRepair(
            baseline.getMetadata().getUid(), baselineName, now, outcome.writtenKinds());
        events.normal(
            baseline,
            "DriftRepaired",
            "namespace " + name + ": " + String.join("; ", outcome.changes()));
      }
      if (outcome.tightened()) {
        warnings = outcome.tightenedWarnings();
        events.normal(
            baseline,
            "EnforcementTightened",
            "namespace "
                + name
                + (warnings.isEmpty()
                    ? ": no existing pod is rejected by the new level"
                    : ": " + String.join("; ", warnings)));
      }
      if (!outcome.refusals().isEmpty()) {
        problem = "the API server refused: " + String.join("; ", outcome.refusals());
        for (String refusal : outcome.refusals()) {
          if (!outcome.freshRefusals().contains(refusal.substring(0, refusal.indexOf(':')))) {
            continue;
          }
          events.series(
              baseline,
              "Warning",
              "WriteRefused",
              refusal.substring(0, refusal.indexOf(':')),
              "namespace " + name + ": " + refusal + " (retried with backoff)");
        }
      }
      contested = contested(context, name, now, outcome, baseline);
    }

    int unsettledStreak = settled ? 0 : (previous == null ? 0 : previous.unsettledStreak()) + 1;
    if (unsettledStreak >= 3) {
      log.warn(
          "namespace {}: owned state rewritten {} times in a row; the cluster does not keep it",
          name,
          unsettledStreak);
    }
    List<Violation> violations = auditor.audit(name, baseline, exceptions, caches);
    log.debug(
        "namespace {}: {} under {}, {} violation(s)",
        name,
        settled ? "settled" : "written",
        baselineName,
        violations.size());
    ledger.record(
        new NamespaceReport(
            name,
            uid,
            baselineName,
            generation,
            selectedBy,
            violations,
            settled,
            unsettledStreak,
            problem,
            warnings,
            contested));

    Duration next = settled ? null : settleCheckAfter(unsettledStreak);
    Optional<Duration> reportRetry = reports.publish(name, uid, baseline, violations);
    if (reportRetry.isPresent()) {
      next = next == null || reportRetry.get().compareTo(next) < 0 ? reportRetry.get() : next;
    }
    if (retryAt != null) {
      Duration untilRetry = Duration.between(now, retryAt).plusMillis(100);
      next = next == null || untilRetry.compareTo(next) < 0 ? untilRetry : next;
    }
    if (remediationRetry.isPresent()) {
      next =
          next == null || remediationRetry.get().compareTo(next) < 0
              ? remediationRetry.get()
              : next;
    }
    if (exceptions.nextExpiry().isPresent()) {
      Duration untilExpiry = Duration.between(now, exceptions.nextExpiry().get()).plusMillis(100);
      next = next == null || untilExpiry.compareTo(next) < 0 ? untilExpiry : next;
    }
    return next;
  }

  /**
   * Objects of {@code namespace} repaired twice or more within {@link RepairBackoff#WINDOW}, each
   * named with the other field manager that wrote it last; one Event series per object, counted up
   * at each repair.
   */
  private List<String> contested(
      Context<Namespace> context,
      String namespace,
      Instant now,
      EnforcementOutcome outcome,
      SecurityBaseline baseline) {
    List<String> described = new ArrayList<>();
    for (String key : backoff.contested(namespace, now)) {
      String[] parts = key.split("/", 3);
      String kind = parts[1];
      String name = parts[2];
      String manager =
          FieldManagers.lastOther(context.getClient(), kind, namespace, name).orElse("unknown");
      String object = kind + " " + namespace + "/" + name;
      described.add(object + " (field manager " + manager + ")");
      if (outcome.repaired().contains(key)) {
        events.series(
            baseline,
            "Warning",
            "FieldManagerConflict",
            key,
            object
                + " is changed back by field manager "
                + manager
                + "; Bulwark repairs it with backoff (next in at most "
                + RepairBackoff.MAX_WAIT.toMinutes()
                + " min)");
      }
    }
    return described;
  }

  /**
   * A reconcile that threw still leaves a report, so the baseline's status names the namespace and
   * the reason instead of waiting for a report that never comes; java-operator-sdk retries.
   */
  @Override
  public ErrorStatusUpdateControl<Namespace> updateErrorStatus(
      Namespace namespace, Context<Namespace> context, Exception e) {
    String name = namespace.getMetadata().getName();
    Governance governance =
        selection.govern(namespace, new NamespaceCaches(context, rbac).all(SecurityBaseline.class));
    NamespaceReport previous = ledger.previous(name);
    String governor = governance.winner().map(b -> b.getMetadata().getName()).orElse(null);
    boolean sameGovernor = previous != null && Objects.equals(previous.governor(), governor);
    ledger.record(
        new NamespaceReport(
            name,
            namespace.getMetadata().getUid(),
            governor,
            governance.winner().map(NamespaceReconciler::generation).orElse(0L),
            selectedBy(governance),
            sameGovernor ? previous.violations() : List.of(),
            false,
            previous == null ? 1 : previous.unsettledStreak() + 1,
            "reconcile failed: " + e.getMessage(),
            governor == null ? List.of() : warningsKept(previous, governor),
            sameGovernor ? previous.contested() : List.of()));
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  /**
   * Gives back what an Enforce baseline set up here when that baseline no longer governs: no
   * baseline selects the namespace any more, or another baseline in Audit mode won it. (Another
   * Enforce baseline takes the objects over in its own apply; the same baseline switched to Audit
   * keeps them, as documented.) Release is idempotent and ends with one atomic namespace write, so
   * a crash at any point is finished by the next reconcile.
   */
  private static void releaseIfGivenUp(
      Namespace namespace,
      Governance governance,
      NamespaceCaches caches,
      Context<Namespace> context) {
    String enforcedBy = NamespaceEnforcer.governedBy(namespace);
    if (enforcedBy == null) {
      return;
    }
    Optional<SecurityBaseline> winner = governance.winner();
    boolean givenUp =
        winner.isEmpty()
            || (winner.get().getSpec().mode == Mode.Audit
                && !enforcedBy.equals(winner.get().getMetadata().getName()));
    if (givenUp) {
      String name = namespace.getMetadata().getName();
      new NamespaceEnforcer(context.getClient())
          .release(
              namespace,
              owned(caches, name),
              winner.isEmpty()
                  ? "no baseline governs it any more"
                  : "baseline "
                      + enforcedBy
                      + " gave way to Audit baseline "
                      + winner.get().getMetadata().getName());
    }
  }

  /**
   * The tightening warnings to carry into a new report: the previous ones while the same baseline
   * governs, none after a change of governor, unknown (null) when this process has no report yet.
   */
  private static List<String> warningsKept(NamespaceReport previous, String governor) {
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
  static Duration settleCheckAfter(int unsettledStreak) {
    Duration delay = SETTLE_CHECK.multipliedBy(1L << Math.min(unsettledStreak - 1, 16));
    return delay.compareTo(MAX_SETTLE_CHECK) > 0 ? MAX_SETTLE_CHECK : delay;
  }

  /** The workloads whose pod templates remediation may patch, from the caches. */
  private static List<HasMetadata> workloads(NamespaceCaches caches, String namespace) {
    List<HasMetadata> all = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : WorkloadRemediator.KINDS) {
      all.addAll(caches.in(kind, namespace));
    }
    return all;
  }

  private static OwnedState owned(NamespaceCaches caches, String namespace) {
    return new OwnedState(
        caches.in(NetworkPolicy.class, namespace),
        caches.in(ResourceQuota.class, namespace),
        caches.in(LimitRange.class, namespace),
        caches.in(ServiceAccount.class, namespace));
  }
}
