package dev.bulwark.operator.baseline;

import dev.bulwark.admission.TrustedWriters;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineStatus;
import dev.bulwark.operator.OperatorTimings;
import dev.bulwark.operator.admission.AdmissionPreviews;
import dev.bulwark.operator.admission.AdmissionSweep;
import dev.bulwark.operator.admission.ValidatingPolicySync;
import dev.bulwark.operator.defaults.AdmissionDefaults;
import dev.bulwark.operator.defaults.GovernedNamespaces;
import dev.bulwark.operator.defaults.WorkloadRemediator;
import dev.bulwark.operator.events.EventReasons;
import dev.bulwark.operator.events.EventRecorder;
import dev.bulwark.operator.informers.NextWakeup;
import dev.bulwark.operator.informers.Wakeups;
import dev.bulwark.operator.ledger.ComplianceLedger;
import dev.bulwark.operator.vulnerabilities.VulnerabilityFloor;
import dev.bulwark.operator.vulnerabilities.VulnerabilityReports;
import dev.bulwark.operator.vulnerabilities.VulnerableImageSync;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.BaselineSelection;
import dev.bulwark.plan.ImpossibleExceptions;
import dev.bulwark.plan.Ownership;
import dev.bulwark.plan.SpecProblem;
import dev.bulwark.plan.SpecValidator;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Validates a baseline and writes its status from the namespaces' reports; the namespaces' own work
 * happens in the namespace reconciler. Writes status only when it changed, and only once every
 * namespace the baseline selects has been evaluated by this process (see {@link StatusAggregator}).
 */
// Not generation-aware: the status is compared with the cached baseline, which can lag behind
// our own last write; reacting to our status updates re-checks it and corrects a stale decision.
@ControllerConfiguration(
    name = SecurityBaselineReconciler.NAME,
    fieldManager = Ownership.FIELD_MANAGER,
    generationAwareEventProcessing = false,
    // Wake-ups are Wakeups' (one per baseline): java-operator-sdk's timer keeps a cancelled task
    // per reconcile until its due time (issue 12).
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 0))
public final class SecurityBaselineReconciler implements Reconciler<SecurityBaseline> {

  public static final String NAME = "bulwark-baselines";

  private final ComplianceLedger ledger;
  private final SpecValidator validator;
  private final EventRecorder events;
  private final Clock clock;
  private final StatusAggregator aggregator;
  private final BaselineObserver observer;
  private final BaselineSelection selection;
  private final WorkloadRemediator remediator;
  private final AdmissionSweep sweep;
  private final Wakeups<SecurityBaseline> wakeups;
  private final OperatorTimings timings;
  private final TrustedWriters writers;
  private final VulnerabilityReports vulnerabilityReports;
  private final VulnerabilityStatusBuilder vulnerabilityStatus;
  private NamespaceLifecycle namespaces;
  private AwaitedEvaluations awaited;
  private ClusterRbacAudit clusterRbac;
  private ValidatingPolicySync admissionPolicies;
  private AdmissionDefaults admissionDefaults;
  private VulnerableImageSync vulnerableImages;
  private final ConditionEdges edges = new ConditionEdges();
  private final StatusWritePace pace;

  /**
   * A reconciler telling {@code observer} about the cache and each evaluation, reading workload
   * remediation from {@code remediator} and VulnerabilityReports from {@code vulnerabilityReports}
   * (both shared with the namespace reconciler), and registering {@code sweep} (which removes the
   * admission objects of deleted baselines; null for none) as an event source, so that it hears of
   * every deletion; {@code writers} are the subjects the generated owned-object guard lets through.
   */
  public SecurityBaselineReconciler(
      ComplianceLedger ledger,
      BaselineSelection selection,
      SpecValidator validator,
      EventRecorder events,
      BaselineObserver observer,
      WorkloadRemediator remediator,
      AdmissionSweep sweep,
      VulnerabilityReports vulnerabilityReports,
      OperatorTimings timings,
      Clock clock,
      TrustedWriters writers) {
    this.sweep = sweep;
    this.timings = timings;
    this.writers = writers;
    this.vulnerabilityReports = vulnerabilityReports;
    this.vulnerabilityStatus = new VulnerabilityStatusBuilder(ledger);
    this.wakeups = new Wakeups<>("baseline-wakeups", timings.safetyNet());
    this.selection = selection;
    this.remediator = remediator;
    this.ledger = ledger;
    this.validator = validator;
    this.events = events;
    this.clock = clock;
    this.aggregator = new StatusAggregator(ledger, selection);
    this.observer = observer;
    this.pace = new StatusWritePace(timings.statusWriteInterval());
  }

  @Override
  public List<EventSource<?, SecurityBaseline>> prepareEventSources(
      EventSourceContext<SecurityBaseline> context) {
    observer.watchingBaselines(context.getPrimaryCache());
    SimpleInboundEventSource<SecurityBaseline> reports = new SimpleInboundEventSource<>("reports");
    awaited = new AwaitedEvaluations(ledger, name -> reports.propagateEvent(new ResourceID(name)));
    ledger.onChange(
        names ->
            names.stream()
                .filter(name -> !awaited.waits(name))
                .forEach(name -> reports.propagateEvent(new ResourceID(name))));
    remediator.onChange(name -> reports.propagateEvent(new ResourceID(name)));
    namespaces = new NamespaceLifecycle(ledger, context);
    clusterRbac = new ClusterRbacAudit(context);
    List<EventSource<?, SecurityBaseline>> sources =
        new ArrayList<>(List.of(reports, namespaces, wakeups, new PeerBaselines(context)));
    if (sweep != null) {
      sources.add(sweep);
    }
    sources.addAll(clusterRbac.eventSources());
    admissionPolicies = new ValidatingPolicySync(context, writers);
    sources.addAll(admissionPolicies.eventSources());
    admissionDefaults = new AdmissionDefaults(context, events, timings);
    sources.addAll(admissionDefaults.eventSources());
    vulnerableImages =
        new VulnerableImageSync(context, vulnerabilityReports, timings.admissionGrace());
    sources.addAll(vulnerableImages.eventSources());
    var primaries = context.getPrimaryCache();
    // Reports changed: every baseline with the check recomputes the images it refuses.
    vulnerabilityReports.onChange(
        () ->
            primaries
                .list()
                .filter(VulnerabilityFloor::checks)
                .forEach(b -> reports.propagateEvent(ResourceID.fromResource(b))));
    return sources;
  }

  @Override
  public UpdateControl<SecurityBaseline> reconcile(
      SecurityBaseline baseline, Context<SecurityBaseline> context) {
    Instant now = clock.instant();
    SecurityBaselineStatus previous = baseline.getStatus();
    ledger.seedDrift(baseline.getMetadata().getUid(), previous == null ? null : previous.drift);
    Set<String> uids =
        context
            .getPrimaryCache()
            .list()
            .map(b -> b.getMetadata().getUid())
            .collect(Collectors.toSet());
    ledger.retainBaselines(uids);
    vulnerableImages.retain(uids);
    edges.retain(uids);
    pace.retain(uids);
    List<SpecProblem> problems = validator.validate(baseline);
    Conditions conditions = new Conditions(previous == null ? null : previous.conditions, now);
    ActiveExceptions exceptions =
        ActiveExceptions.at(baseline.getSpec() == null ? null : baseline.getSpec().exceptions, now);
    List<SecurityBaseline> all = context.getPrimaryCache().list().toList();
    GovernedNamespaces governed =
        GovernedNamespaces.of(baseline, namespaces.live(), all, selection);
    AdmissionSync admission =
        syncAdmissionPolicies(baseline, problems, exceptions, governed, context, now);
    Duration admissionRetry = admission.retry();
    vulnerabilityReports.keepFrom(VulnerabilityFloor.of(all));
    VulnerableImageSync.Outcome vulnerabilityAdmission =
        syncVulnerabilityPolicy(baseline, problems, exceptions, governed, now, context);
    if (vulnerabilityAdmission == null) {
      admissionRetry = admissionRetry == null ? timings.admissionRetry() : admissionRetry;
      vulnerabilityAdmission = VulnerableImageSync.Outcome.unknown();
    }
    Optional<Instant> vulnerabilityWake =
        vulnerabilityAdmission.nextDeny().or(() -> VulnerabilityFloor.nextExpiry(baseline, now));
    Optional<Instant> defaultsRetry =
        admissionDefaults.reconcile(
            context.getClient(),
            baseline,
            problems.isEmpty(),
            governed.excluded(),
            all,
            problems.isEmpty()
                ? exceptions.without(ImpossibleExceptions.checks(baseline.getSpec())).active()
                : List.of(),
            now);
    Optional<SecurityBaselineStatus> aggregated =
        aggregator.aggregate(
            baseline,
            problems,
            conditions,
            namespaces.live(),
            problems.isEmpty() ? clusterRbac.violations(baseline, all, selection, now) : List.of(),
            now);
    if (aggregated.isEmpty()) {
      // Some selected namespace has not been evaluated by this process yet (it just started or
      // took the lease): keep the previous status; the last of those namespaces' reports will
      // bring us back.
      awaited.retain(all.stream().map(b -> b.getMetadata().getName()).collect(Collectors.toSet()));
      awaited.await(
          baseline.getMetadata().getName(), aggregator.unevaluated(baseline, namespaces.live()));
      wakeups.wakeAfter(
          ResourceID.fromResource(baseline),
          nextWakeup(
              exceptions,
              admissionRetry,
              defaultsRetry,
              admission.wakeAt(),
              vulnerabilityWake,
              now));
      return UpdateControl.noUpdate();
    }
    awaited.done(baseline.getMetadata().getName());
    SecurityBaselineStatus status = aggregated.get();
    status.admissionPreview = admission.status();
    AdmissionConditions.set(conditions, baseline, admission.status());
    SpecWarnings.set(conditions, validator.warnings(baseline));
    status.vulnerabilities =
        vulnerabilityStatus.build(
            baseline,
            namespaces.live(),
            governed.governed(),
            vulnerabilityReports.served(),
            vulnerabilityAdmission);
    VulnerabilityStatusBuilder.notScannedIsNotCompliant(
        status.vulnerabilities,
        conditions,
        status.conditions.stream()
            .anyMatch(
                c -> ConditionTypes.COMPLIANT.equals(c.getType()) && "True".equals(c.getStatus())));
    String preview =
        vulnerabilityStatus.previewMessage(
            baseline, namespaces.live(), governed.governed(), vulnerabilityAdmission);
    if (preview != null) {
      events.normal(baseline, EventReasons.VULNERABLE_IMAGES_PREVIEWED, preview);
      vulnerableImages.announced(baseline.getMetadata().getUid());
    }
    status.remediation = remediator.status(baseline, governed.governed());
    if (status.remediation != null) {
      boolean reverted = status.remediation.revertedCount > 0;
      conditions.set(
          ConditionTypes.REMEDIATION_REVERTED,
          reverted,
          reverted ? "ChangedBack" : "NoneChangedBack",
          reverted
              ? status.remediation.revertedCount
                  + " workload(s) had remediated values changed back and are left alone: "
                  + String.join("; ", status.remediation.reverted)
              : "No remediated workload was changed back.");
      boolean refused = status.remediation.refusedCount > 0;
      conditions.set(
          ConditionTypes.REMEDIATION_REFUSED,
          refused,
          refused ? "WriteRefused" : "NoneRefused",
          refused
              ? status.remediation.refusedCount
                  + " workload template write(s) refused by the API server, retried with backoff: "
                  + String.join("; ", status.remediation.refused)
              : "No workload template write is refused.");
    }
    status.conditions = conditions.build();
    StatusBudget.fit(status);
    observer.evaluated(baseline.getMetadata().getName(), now);
    if (edges.becameTrue(
        baseline.getMetadata().getUid(), ConditionTypes.SPEC_WARNINGS, conditions)) {
      events.warning(
          baseline,
          EventReasons.SPEC_WARNING,
          validator.warnings(baseline).stream()
              .map(SpecProblem::toString)
              .collect(Collectors.joining("; ")));
    }

    if (edges.becameTrue(baseline.getMetadata().getUid(), ConditionTypes.INVALID, conditions)) {
      events.warning(
          baseline, EventReasons.INVALID_SPEC, conditions.message(ConditionTypes.INVALID));
    }
    if (edges.becameTrue(baseline.getMetadata().getUid(), ConditionTypes.CONFLICT, conditions)) {
      events.warning(
          baseline,
          EventReasons.CONFLICT,
          status.conditions.stream()
              .filter(c -> ConditionTypes.CONFLICT.equals(c.getType()))
              .findFirst()
              .orElseThrow()
              .getMessage());
    }

    UpdateControl<SecurityBaseline> control;
    Optional<Instant> held = Optional.empty();
    if (status.equals(previous)) {
      control = UpdateControl.noUpdate();
    } else {
      held = pace.holdUntil(baseline.getMetadata().getUid(), now);
      if (held.isPresent()) {
        // Written less than statusWriteInterval ago: come back when it has passed and write the
        // status computed then (the latest), so a burst of changes costs one write per interval.
        control = UpdateControl.noUpdate();
      } else {
        // Only name and status: no resourceVersion, so the status apply never conflicts.
        SecurityBaseline patch = new SecurityBaseline();
        patch.getMetadata().setName(baseline.getMetadata().getName());
        patch.setStatus(status);
        control = UpdateControl.patchStatus(patch);
        pace.wrote(baseline.getMetadata().getUid(), now);
      }
    }
    Duration next =
        nextWakeup(
            exceptions, admissionRetry, defaultsRetry, admission.wakeAt(), vulnerabilityWake, now);
    // A held write comes back exactly when the interval has passed (not NextWakeup.at's margin):
    // the change waiting in it is seen in status no later than needed.
    wakeups.wakeAfter(
        ResourceID.fromResource(baseline),
        new NextWakeup(now).after(next).after(held.map(h -> Duration.between(now, h))).delay());
    return control;
  }

  /**
   * Comes back when the next exception expires (its policies' match conditions must drop it at that
   * moment), after a refused write of an admission policy to retry, when the defaulting policy's
   * repair backoff ends, or when an admission policy's grace period ends; null for none of these
   * (the wake-up source's safety net).
   */
  private static Duration nextWakeup(
      ActiveExceptions exceptions,
      Duration retry,
      Optional<Instant> defaultsRetry,
      Optional<Instant> graceEnds,
      Optional<Instant> vulnerabilityWake,
      Instant now) {
    return new NextWakeup(now)
        .after(retry)
        .at(exceptions.nextExpiry())
        .at(defaultsRetry)
        .at(graceEnds)
        .at(vulnerabilityWake)
        .delay();
  }

  /**
   * Writes the baseline's imageVulnerabilities policy, bindings and parameters (left as they are
   * while the spec is invalid); null when the API server refused a write (retried).
   */
  private VulnerableImageSync.Outcome syncVulnerabilityPolicy(
      SecurityBaseline baseline,
      List<SpecProblem> problems,
      ActiveExceptions exceptions,
      GovernedNamespaces governed,
      Instant now,
      Context<SecurityBaseline> context) {
    if (!problems.isEmpty()) {
      return VulnerableImageSync.Outcome.unknown();
    }
    try {
      VulnerableImageSync.Outcome outcome =
          vulnerableImages.sync(
              context.getClient(), baseline, governed.governed(), exceptions, now);
      if (!outcome.changes().isEmpty()) {
        events.normal(
            baseline,
            EventReasons.ADMISSION_POLICIES_WRITTEN,
            String.join("; ", outcome.changes()));
      }
      return outcome;
    } catch (KubernetesClientException e) {
      events.warning(
          baseline,
          EventReasons.ADMISSION_POLICY_WRITE_REFUSED,
          "image vulnerability policy not written: " + e.getMessage());
      return null;
    }
  }

  /**
   * What writing the generated admission policies gave: their status, when to come back.
   *
   * @param status the baseline's {@code status.admissionPreview}
   * @param retry when to retry after a refused write, or null
   * @param wakeAt when a policy's grace period ends, if one runs
   */
  private record AdmissionSync(
      dev.bulwark.api.AdmissionPreviewStatus status, Duration retry, Optional<Instant> wakeAt) {}

  /**
   * Writes the baseline's generated ValidatingAdmissionPolicies (left as they are while the spec is
   * invalid), each starting to deny only as {@link dev.bulwark.admission.DenyRollout} allows from
   * the preview gathered from the governed namespaces' evaluations.
   */
  private AdmissionSync syncAdmissionPolicies(
      SecurityBaseline baseline,
      List<SpecProblem> problems,
      ActiveExceptions exceptions,
      GovernedNamespaces governed,
      Context<SecurityBaseline> context,
      Instant now) {
    SecurityBaselineStatus previous = baseline.getStatus();
    dev.bulwark.api.AdmissionPreviewStatus before =
        previous == null ? null : previous.admissionPreview;
    if (!problems.isEmpty()) {
      return new AdmissionSync(before, null, Optional.empty());
    }
    Map<String, String> uids = new TreeMap<>();
    for (var ns : namespaces.live()) {
      if (governed.governed().contains(ns.getMetadata().getName())) {
        uids.put(ns.getMetadata().getName(), ns.getMetadata().getUid());
      }
    }
    AdmissionPreviews preview = AdmissionPreviews.gather(baseline, uids, ledger::previous);
    Integer graceSeconds =
        baseline.getSpec().admission == null
            ? null
            : baseline.getSpec().admission.gracePeriodSeconds;
    Duration grace =
        graceSeconds == null ? timings.admissionGrace() : Duration.ofSeconds(graceSeconds);
    try {
      ValidatingPolicySync.Result result =
          admissionPolicies.sync(
              context.getClient(),
              baseline,
              namespaces.live(),
              context.getPrimaryCache().list().toList(),
              selection,
              exceptions,
              new ValidatingPolicySync.Rollout(preview, before, now, grace));
      if (!result.changes().isEmpty()) {
        events.normal(
            baseline, EventReasons.ADMISSION_POLICIES_WRITTEN, String.join("; ", result.changes()));
      }
      if (!result.announced().isEmpty()) {
        events.series(
            baseline,
            "Warning",
            EventReasons.ADMISSION_PREVIEW,
            "preview",
            AdmissionConditions.announcement(result.status(), result.announced(), preview));
      }
      return new AdmissionSync(result.status(), null, result.wakeAt());
    } catch (KubernetesClientException e) {
      events.warning(
          baseline,
          EventReasons.ADMISSION_POLICY_WRITE_REFUSED,
          "admission policies not written: " + e.getMessage());
      return new AdmissionSync(before, timings.admissionRetry(), Optional.empty());
    }
  }
}
