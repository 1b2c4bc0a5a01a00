package dev.bulwark.operator.namespace;

import dev.bulwark.api.Mode;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.operator.events.EventRecorder;
import dev.bulwark.operator.informers.WithoutManagedFields;
import dev.bulwark.operator.ledger.ComplianceLedger;
import dev.bulwark.operator.ledger.NamespaceReport;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.BaselineSelection;
import dev.bulwark.plan.Governance;
import dev.bulwark.plan.NamespacePlanner;
import dev.bulwark.plan.Ownership;
import dev.bulwark.plan.SpecProblem;
import dev.bulwark.plan.SpecValidator;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one namespace in line with the baseline that governs it: picks the winner, enforces its
 * plan (Enforce mode), audits what exists, and records the result for the baseline's status.
 */
@ControllerConfiguration(
    name = NamespaceReconciler.NAME,
    fieldManager = Ownership.FIELD_MANAGER,
    generationAwareEventProcessing = false,
    informer = @Informer(itemStore = WithoutManagedFields.class))
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
  private final Clock clock;

  public NamespaceReconciler(
      ComplianceLedger ledger,
      BaselineSelection selection,
      SpecValidator validator,
      NamespaceAuditor auditor,
      EventRecorder events,
      Clock clock) {
    this.ledger = ledger;
    this.selection = selection;
    this.validator = validator;
    this.auditor = auditor;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Namespace>> prepareEventSources(
      EventSourceContext<Namespace> context) {
    return NamespaceInformers.create(context);
  }

  @Override
  public UpdateControl<Namespace> reconcile(Namespace namespace, Context<Namespace> context) {
    String name = namespace.getMetadata().getName();
    if (namespace.getMetadata().getDeletionTimestamp() != null) {
      ledger.forget(name);
      return UpdateControl.noUpdate();
    }
    NamespaceCaches caches = new NamespaceCaches(context);
    List<SecurityBaseline> baselines = caches.all(SecurityBaseline.class);
    Governance governance = selection.govern(namespace, baselines);
    log.debug(
        "namespace {}: {} baseline(s) known, governed by {}",
        name,
        baselines.size(),
        governance.winner().map(b -> b.getMetadata().getName()).orElse("none"));
    if (governance.winner().isEmpty()) {
      if (namespace.getMetadata().getAnnotations() != null
          && namespace
              .getMetadata()
              .getAnnotations()
              .containsKey(Ownership.GOVERNED_BY_ANNOTATION)) {
        new NamespaceEnforcer(context.getClient())
            .release(namespace, owned(caches, name), "no baseline governs it any more");
      }
      ledger.record(NamespaceReport.ungoverned(name));
      return UpdateControl.noUpdate();
    }

    SecurityBaseline baseline = governance.winner().get();
    String baselineName = baseline.getMetadata().getName();
    long generation =
        baseline.getMetadata().getGeneration() == null ? 0 : baseline.getMetadata().getGeneration();
    Set<String> selectedBy = new LinkedHashSet<>();
    Stream.concat(governance.winner().stream(), governance.losers().stream())
        .forEach(b -> selectedBy.add(b.getMetadata().getName()));

    List<SpecProblem> problems = validator.validate(baseline);
    if (!problems.isEmpty()) {
      ledger.record(
          new NamespaceReport(
              name,
              baselineName,
              generation,
              selectedBy,
              List.of(),
              false,
              0,
              "baseline is invalid"));
      return UpdateControl.noUpdate();
    }

    Instant now = clock.instant();
    ActiveExceptions exceptions = ActiveExceptions.at(baseline.getSpec().exceptions, now);
    NamespaceReport previous = ledger.previous(name);
    boolean settled = true;
    if (baseline.getSpec().mode == Mode.Enforce) {
      EnforcementOutcome outcome =
          new NamespaceEnforcer(context.getClient())
              .enforce(NamespacePlanner.plan(baseline, name), namespace, owned(caches, name));
      settled = outcome.changes().isEmpty();
      if (!settled && previous != null && previous.settledUnder(baselineName, generation)) {
        ledger.recordRepair(baselineName, now);
        events.normal(
            baseline,
            "DriftRepaired",
            "namespace " + name + ": " + String.join("; ", outcome.changes()));
      }
      if (outcome.tightened()) {
        ledger.recordEnforcementWarnings(baselineName, outcome.tightenedWarnings());
        events.normal(
            baseline,
            "EnforcementTightened",
            "namespace "
                + name
                + (outcome.tightenedWarnings().isEmpty()
                    ? ": no existing pod is rejected by the new level"
                    : ": " + String.join("; ", outcome.tightenedWarnings())));
      }
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
            baselineName,
            generation,
            selectedBy,
            violations,
            settled,
            unsettledStreak,
            null));

    UpdateControl<Namespace> control = UpdateControl.noUpdate();
    Duration next = settled ? null : settleCheckAfter(unsettledStreak);
    if (exceptions.nextExpiry().isPresent()) {
      Duration untilExpiry = Duration.between(now, exceptions.nextExpiry().get()).plusMillis(100);
      next = next == null || untilExpiry.compareTo(next) < 0 ? untilExpiry : next;
    }
    return next == null ? control : control.rescheduleAfter(next);
  }

  /**
   * Looks again soon after a write to confirm the namespace settled, backing off when every look
   * finds something to write again, so a cluster that does not keep our state is not hammered.
   */
  static Duration settleCheckAfter(int unsettledStreak) {
    Duration delay = SETTLE_CHECK.multipliedBy(1L << Math.min(unsettledStreak - 1, 16));
    return delay.compareTo(MAX_SETTLE_CHECK) > 0 ? MAX_SETTLE_CHECK : delay;
  }

  private static OwnedState owned(NamespaceCaches caches, String namespace) {
    return new OwnedState(
        caches.in(NetworkPolicy.class, namespace),
        caches.in(ResourceQuota.class, namespace),
        caches.in(LimitRange.class, namespace),
        caches.in(ServiceAccount.class, namespace));
  }
}
