package dev.bulwark.operator;

import dev.bulwark.admission.TrustedWriters;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineSpec;
import dev.bulwark.api.VulnerabilitiesSpec;
import dev.bulwark.api.VulnerabilitySeverityLimit;
import dev.bulwark.operator.admission.AdmissionSweep;
import dev.bulwark.operator.baseline.SecurityBaselineReconciler;
import dev.bulwark.operator.defaults.WorkloadRemediator;
import dev.bulwark.operator.events.EventRecorder;
import dev.bulwark.operator.ledger.ComplianceLedger;
import dev.bulwark.operator.ledger.NamespaceEvaluation;
import dev.bulwark.operator.namespace.NamespaceAuditor;
import dev.bulwark.operator.namespace.NamespaceReconciler;
import dev.bulwark.operator.observe.BulwarkMetrics;
import dev.bulwark.operator.observe.EventMeterTags;
import dev.bulwark.operator.observe.InformerCaches;
import dev.bulwark.operator.observe.KubernetesMetricsAccess;
import dev.bulwark.operator.observe.Leadership;
import dev.bulwark.operator.observe.MetricsAccess;
import dev.bulwark.operator.observe.ObservabilityServer;
import dev.bulwark.operator.observe.OperatorHealth;
import dev.bulwark.operator.reports.OpenReportsPublisher;
import dev.bulwark.operator.vulnerabilities.VulnerabilityFloor;
import dev.bulwark.operator.vulnerabilities.VulnerabilityReports;
import dev.bulwark.plan.BaselineSelection;
import dev.bulwark.plan.KnownChecks;
import dev.bulwark.plan.SpecValidator;
import dev.bulwark.seal.SealedSecretsModule;
import dev.bulwark.seal.SealedSecretsOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Wires Bulwark's reconcilers into a java-operator-sdk Operator; {@code main} stays tiny. */
public final class BulwarkOperator implements AutoCloseable {

  /**
   * How long the start waits for the VulnerabilityReports to be listed, so the first audits see
   * them all; beyond it they are counted once listed.
   */
  private static final java.time.Duration VULNERABILITY_REPORTS_START_WAIT =
      java.time.Duration.ofMinutes(2);

  private final Operator operator;
  private final ComplianceLedger ledger;
  private final SealedSecretsModule sealedSecrets;
  private final ObservabilityServer http;

  private BulwarkOperator(
      Operator operator,
      ComplianceLedger ledger,
      SealedSecretsModule sealedSecrets,
      ObservabilityServer http) {
    this.operator = operator;
    this.ledger = ledger;
    this.sealedSecrets = sealedSecrets;
    this.http = http;
  }

  /** Where /metrics, /healthz and /readyz are served, when options asked for them. */
  public Optional<InetSocketAddress> httpAddress() {
    return Optional.ofNullable(http).map(ObservabilityServer::address);
  }

  /** java-operator-sdk's view of the running controllers and their event sources. */
  public io.javaoperatorsdk.operator.RuntimeInfo runtimeInfo() {
    return operator.getRuntimeInfo();
  }

  /** The namespaces' latest evaluations, read-only, for an in-process viewer such as the demo. */
  public Collection<NamespaceEvaluation> evaluations() {
    return List.copyOf(ledger.evaluations());
  }

  /**
   * Registers every reconciler and starts them; the client is closed when this stops. With {@code
   * options.http()}, serves /metrics, /healthz and /readyz from before the start (unready until the
   * caches are filled).
   */
  public static BulwarkOperator start(KubernetesClient client, OperatorOptions options) {
    AtomicReference<SealedSecretsModule> sealing = new AtomicReference<>();
    Clock clock = options.clock();
    OperatorTimings timings = options.timings();
    // Before anything else: the owned-object guard must let this operator's own writes through.
    TrustedWriters writers = OperatorIdentity.resolve(client, options.writers());
    Leadership leadership = new Leadership(options.leaderElection());
    AdmissionSweep sweep = new AdmissionSweep(client, leadership::leading);
    BulwarkMetrics metrics = new BulwarkMetrics(clock, leadership);
    PrometheusMeterRegistry registry =
        options.http() == null ? null : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    if (registry != null) {
      registry.config().meterFilter(new EventMeterTags());
    }
    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(true)
                  .withCacheSyncTimeout(timings.cacheSyncTimeout());
              if (registry != null) {
                // Reconcile counts and timings per controller, never per resource.
                overrider.withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              }
              if (options.leaderElection()) {
                overrider.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            options.leaseName())
                        .withLeaseNamespace(options.namespace())
                        .withLeaseDuration(timings.leaseDuration())
                        .withRenewDeadline(timings.leaseRenewDeadline())
                        .withRetryPeriod(timings.leaseRetryPeriod())
                        // Only the leader makes sealing keys; standbys load them when it does.
                        // java-operator-sdk runs this callback before it starts event processing,
                        // so it only hands renewal to its own thread: it never blocks or throws.
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> {
                                  leadership.startedLeading();
                                  sweep.sweepSoon();
                                  sealing.get().startRenewalInBackground();
                                },
                                leadership::stoppedLeading,
                                leader -> {}))
                        .build());
              }
            });
    ComplianceLedger ledger = new ComplianceLedger(timings.forgottenNamespaces(), clock);
    ledger.onRecord(metrics::recorded);
    ledger.onRepairedObject(metrics::repairedObject);
    EventRecorder events = new EventRecorder(client, clock);
    SpecValidator validator = new SpecValidator(KnownChecks.ids());
    BaselineSelection selection = new BaselineSelection(options.namespace());
    WorkloadRemediator remediator = new WorkloadRemediator(events, timings, clock);
    VulnerabilityReports vulnerabilityReports =
        new VulnerabilityReports(
            client,
            timings.reportsApiRecheck(),
            VULNERABILITY_REPORTS_START_WAIT,
            () -> VulnerabilityFloor.of(baselines(client)));
    operator.register(
        new NamespaceReconciler(
            ledger,
            selection,
            validator,
            new NamespaceAuditor(),
            vulnerabilityReports,
            events,
            new OpenReportsPublisher(
                client, timings.reportsApiRecheck(), timings.reportRetry(), clock),
            remediator,
            timings,
            clock));
    operator.register(
        new SecurityBaselineReconciler(
            ledger,
            selection,
            validator,
            events,
            metrics,
            remediator,
            sweep,
            vulnerabilityReports,
            timings,
            clock,
            writers));
    OperatorNamespace.ensure(client, options.namespace());
    SealedSecretsOptions sealingOptions =
        SealedSecretsOptions.defaults(options.namespace())
            .withKeyRenewPeriod(options.keyRenewPeriod())
            .withRetryFailedAfter(timings.unsealRetry());
    SealedSecretsModule sealedSecrets =
        options.leaderElection()
            ? SealedSecretsModule.registerWithoutRenewal(operator, client, sealingOptions, metrics)
            : SealedSecretsModule.register(operator, client, sealingOptions, metrics);
    sealing.set(sealedSecrets);
    InformerCaches caches = new InformerCaches(operator.getRuntimeInfo(), sealedSecrets.keys());
    metrics.keys(sealedSecrets.keys());
    metrics.informers(caches);
    OperatorHealth health = new OperatorHealth(caches, leadership);
    ObservabilityServer http = null;
    if (registry != null) {
      registry.getPrometheusRegistry().register(metrics);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      http =
          ObservabilityServer.start(
              options.http(),
              registry::scrape,
              health::live,
              health::ready,
              options.http().authenticateMetrics()
                  ? new KubernetesMetricsAccess(client)
                  : MetricsAccess.OPEN);
    }
    boolean started = false;
    try {
      operator.start();
      started = true;
    } finally {
      if (!started && http != null) {
        http.close();
      }
    }
    if (!options.leaderElection()) {
      leadership.startedLeading();
      sweep.sweepSoon();
    }
    health.started();
    return new BulwarkOperator(operator, ledger, sealedSecrets, http);
  }

  /**
   * The baselines as the API server has them now, for the severities the VulnerabilityReport cache
   * keeps at start (before any informer is filled); all severities when they cannot be read.
   */
  private static List<SecurityBaseline> baselines(KubernetesClient client) {
    try {
      return client.resources(SecurityBaseline.class).list().getItems();
    } catch (KubernetesClientException e) {
      SecurityBaseline all = new SecurityBaseline();
      all.setSpec(new SecurityBaselineSpec());
      all.getSpec().images.vulnerabilities = new VulnerabilitiesSpec();
      all.getSpec().images.vulnerabilities.maxSeverity = VulnerabilitySeverityLimit.None;
      return List.of(all);
    }
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
    operator.stop();
    sealedSecrets.close();
  }
}
