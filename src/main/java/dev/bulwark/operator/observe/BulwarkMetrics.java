package dev.bulwark.operator.observe;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.api.SealedSecretConditions;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineStatus;
import dev.bulwark.operator.baseline.BaselineObserver;
import dev.bulwark.operator.baseline.ConditionTypes;
import dev.bulwark.operator.ledger.NamespaceEvaluation;
import dev.bulwark.seal.SealingKey;
import dev.bulwark.seal.SealingKeyStore;
import dev.bulwark.seal.UnsealObserver;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulwark's own metrics ({@link MetricNames}), computed at each scrape from state the operator
 * already keeps: the SecurityBaselines' statuses in the baseline reconciler's cache, the sealing
 * keys in the key store, the SealedSecret cache, the informer caches and leadership; plus three
 * things counted where they happen (complete evaluations, enforcement errors, unseal results).
 *
 * <p>A collector rather than registered meters, because the label sets come and go with the
 * cluster's baselines and keys: a deleted baseline's series disappear at the next scrape.
 */
public final class BulwarkMetrics implements MultiCollector, BaselineObserver, UnsealObserver {

  private static final Logger LOG = LoggerFactory.getLogger(BulwarkMetrics.class);

  /** Every reason a Synced condition can carry, so each counter series exists from the start. */
  private static final Map<String, Boolean> UNSEAL_REASONS =
      Map.of(
          SealedSecretConditions.REASON_UNSEALED, true,
          SealedSecretConditions.REASON_SECRET_RESTORED, true,
          SealedSecretConditions.REASON_DECRYPTION_FAILED, false,
          SealedSecretConditions.REASON_INVALID_ENCODING, false,
          SealedSecretConditions.REASON_UNSUPPORTED_SPEC, false,
          SealedSecretConditions.REASON_NO_SEALING_KEY, false,
          SealedSecretConditions.REASON_SECRET_NOT_OWNED, false,
          SealedSecretConditions.REASON_WRITE_FAILED, false);

  /** The kinds a namespace's drift repair writes (Namespace: its Pod Security labels). */
  static final List<String> DRIFT_KINDS =
      List.of("Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "ServiceAccount");

  private final Clock clock;
  private final Instant started;
  private final Leadership leadership;
  private volatile IndexerResourceCache<SecurityBaseline> baselines;
  private volatile IndexerResourceCache<SealedSecret> sealedSecrets;
  private volatile SealingKeyStore keys;
  private volatile Supplier<Map<InformerCaches.Source, Long>> informerSizes = Map::of;
  private final Map<String, Instant> evaluated = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> enforcementErrors = new ConcurrentHashMap<>();
  private final Map<List<String>, LongAdder> repairedObjects = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> unsealResults = new ConcurrentHashMap<>();
  private final Map<ResourceID, String> openedBy = new ConcurrentHashMap<>();

  /** Ages measured at {@code clock}; leader status read from {@code leadership}. */
  public BulwarkMetrics(Clock clock, Leadership leadership) {
    this.clock = clock;
    this.started = clock.instant();
    this.leadership = leadership;
    UNSEAL_REASONS.keySet().forEach(reason -> unsealResults.put(reason, new LongAdder()));
  }

  /** The sealing key store whose keys' ages are reported. */
  public void keys(SealingKeyStore store) {
    this.keys = store;
  }

  /** Where the informer cache sizes come from. */
  public void informers(InformerCaches caches) {
    this.informerSizes = caches::sizes;
  }

  /** Counts one object of {@code kind} that a drift repair under {@code baseline} put back. */
  public void repairedObject(String baseline, String kind) {
    repairedObjects.computeIfAbsent(List.of(baseline, kind), k -> new LongAdder()).increment();
  }

  /** Counts a namespace report that carries an enforcement problem against its governor. */
  public void recorded(NamespaceEvaluation report) {
    if (report.problem() != null && report.governor() != null) {
      enforcementErrors.computeIfAbsent(report.governor(), k -> new LongAdder()).increment();
    }
  }

  @Override
  public void watchingBaselines(IndexerResourceCache<SecurityBaseline> cache) {
    this.baselines = cache;
  }

  @Override
  public void evaluated(String baseline, Instant at) {
    evaluated.put(baseline, at);
  }

  @Override
  public void watchingSealedSecrets(IndexerResourceCache<SealedSecret> cache) {
    this.sealedSecrets = cache;
  }

  @Override
  public void opened(ResourceID sealedSecret, SealingKey oldestKey) {
    openedBy.put(sealedSecret, keyName(oldestKey));
  }

  @Override
  public void notOpened(ResourceID sealedSecret) {
    openedBy.remove(sealedSecret);
  }

  @Override
  public void result(String reason, boolean synced) {
    // Reasons are constants of SealedSecretConditions, so the label set stays bounded.
    unsealResults.computeIfAbsent(reason, k -> new LongAdder()).increment();
  }

  @Override
  public MetricSnapshots collect() {
    List<MetricSnapshot> snapshots = new ArrayList<>();
    try {
      baselineMetrics(snapshots);
      sealingMetrics(snapshots);
      snapshots.add(
          gauge(
              MetricNames.LEADER,
              "1 while this process leads (reconciles), 0 while it stands by.",
              List.of(point(Labels.EMPTY, leadership.leading() ? 1 : 0))));
      List<GaugeDataPointSnapshot> caches = new ArrayList<>();
      informerSizes
          .get()
          .forEach(
              (source, size) ->
                  caches.add(
                      point(
                          Labels.of("controller", source.controller(), "source", source.source()),
                          size)));
      snapshots.add(
          gauge(
              MetricNames.INFORMER_CACHE_SIZE,
              "Objects held by each informer cache, by controller and event source.",
              caches));
    } catch (RuntimeException e) {
      // A scrape never fails on a half-started operator; the log says what was missing.
      LOG.warn("metrics: partial scrape: {}", e.toString());
    }
    return new MetricSnapshots(snapshots);
  }

  private void baselineMetrics(List<MetricSnapshot> out) {
    List<GaugeDataPointSnapshot> violations = new ArrayList<>();
    List<GaugeDataPointSnapshot> governed = new ArrayList<>();
    List<GaugeDataPointSnapshot> compliant = new ArrayList<>();
    List<GaugeDataPointSnapshot> ready = new ArrayList<>();
    List<GaugeDataPointSnapshot> age = new ArrayList<>();
    List<GaugeDataPointSnapshot> notScanned = new ArrayList<>();
    List<GaugeDataPointSnapshot> vulnerableWorkloads = new ArrayList<>();
    List<GaugeDataPointSnapshot> vulnerableImages = new ArrayList<>();
    List<CounterDataPointSnapshot> repairs = new ArrayList<>();
    List<CounterDataPointSnapshot> errors = new ArrayList<>();
    Map<String, SecurityBaseline> live = new TreeMap<>();
    IndexerResourceCache<SecurityBaseline> cache = baselines;
    if (cache != null) {
      cache.list().forEach(b -> live.put(b.getMetadata().getName(), b));
      // Forget deleted baselines (only once the cache exists: a standby keeps nothing anyway).
      evaluated.keySet().retainAll(live.keySet());
      enforcementErrors.keySet().retainAll(live.keySet());
      repairedObjects.keySet().removeIf(key -> !live.containsKey(key.get(0)));
    }
    Instant now = clock.instant();
    for (SecurityBaseline baseline : live.values()) {
      String name = baseline.getMetadata().getName();
      Labels labels = Labels.of("baseline", name);
      SecurityBaselineStatus status = baseline.getStatus();
      if (status != null && status.violations != null) {
        new TreeMap<>(status.violations.byCheck())
            .forEach(
                (check, count) ->
                    violations.add(point(Labels.of("baseline", name, "check", check), count)));
      }
      if (status != null && status.namespaces != null) {
        governed.add(point(labels, status.namespaces.matched()));
        compliant.add(point(labels, status.namespaces.compliant()));
      }
      ready.add(point(labels, isReady(status) ? 1 : 0));
      if (status != null && status.vulnerabilities != null) {
        notScanned.add(point(labels, status.vulnerabilities.notScanned));
        vulnerableWorkloads.add(point(labels, status.vulnerabilities.vulnerable));
        vulnerableImages.add(
            point(
                Labels.of("baseline", name, "action", "deny"),
                status.vulnerabilities.imagesRefused));
        vulnerableImages.add(
            point(
                Labels.of("baseline", name, "action", "warn"),
                status.vulnerabilities.imagesPending));
      }
      repairs.add(
          counterPoint(
              labels, status == null || status.drift == null ? 0 : status.drift.repairs()));
      LongAdder errorCount = enforcementErrors.get(name);
      errors.add(counterPoint(labels, errorCount == null ? 0 : errorCount.sum()));
      Instant last = evaluated.get(name);
      if (last == null) {
        // Never evaluated by this process: count from its start, or the baseline's creation.
        last = later(started, created(baseline));
      }
      age.add(point(labels, seconds(Duration.between(last, now))));
    }
    out.add(
        gauge(
            MetricNames.VIOLATIONS,
            "Violations in the baseline's governed namespaces (and cluster RBAC), by check.",
            violations));
    out.add(gauge(MetricNames.NAMESPACES_GOVERNED, "Namespaces the baseline governs.", governed));
    out.add(
        gauge(
            MetricNames.NAMESPACES_COMPLIANT,
            "Namespaces the baseline governs that have no violations.",
            compliant));
    out.add(
        gauge(
            MetricNames.BASELINE_READY,
            "1 when the baseline's Ready condition is True, else 0.",
            ready));
    out.add(
        gauge(
            MetricNames.WORKLOADS_NOT_SCANNED,
            "Governed workloads using an image no VulnerabilityReport describes yet (neither"
                + " compliant nor violating).",
            notScanned));
    out.add(
        gauge(
            MetricNames.VULNERABLE_WORKLOADS,
            "Governed workloads using an image with vulnerabilities above the baseline's limit.",
            vulnerableWorkloads));
    out.add(
        gauge(
            MetricNames.VULNERABLE_IMAGES,
            "Images the imageVulnerabilities policy refuses (action=deny) or warns about before"
                + " refusing them (action=warn).",
            vulnerableImages));
    out.add(
        counter(
            MetricNames.DRIFT_REPAIRS,
            "Owned objects or labels found changed or deleted and put back (status.drift).",
            repairs));
    List<CounterDataPointSnapshot> byKind = new ArrayList<>();
    for (String name : live.keySet()) {
      // Every kind from zero, so that rate() sees the first repair.
      for (String kind : DRIFT_KINDS) {
        LongAdder count = repairedObjects.get(List.of(name, kind));
        byKind.add(
            counterPoint(
                Labels.of("baseline", name, "kind", kind), count == null ? 0 : count.sum()));
      }
    }
    out.add(
        counter(
            MetricNames.DRIFT_REPAIRED_OBJECTS,
            "Objects a drift repair put back since this process started, by baseline and kind"
                + " (Namespace: its Pod Security labels).",
            byKind));
    out.add(
        counter(
            MetricNames.ENFORCEMENT_ERRORS,
            "Namespace reconciles under the baseline that ended with a problem (invalid baseline or"
                + " failed reconcile), leaving the namespace out of line.",
            errors));
    out.add(
        gauge(
            MetricNames.LAST_EVALUATION_AGE,
            "Seconds since this process last evaluated every namespace the baseline selects"
                + " (since its start or the baseline's creation when it has not yet).",
            age));
  }

  private void sealingMetrics(List<MetricSnapshot> out) {
    List<CounterDataPointSnapshot> results = new ArrayList<>();
    new TreeMap<>(unsealResults)
        .forEach(
            (reason, count) ->
                results.add(
                    counterPoint(
                        Labels.of(
                            "reason",
                            reason,
                            "result",
                            UNSEAL_REASONS.getOrDefault(reason, false) ? "success" : "failure"),
                        count.sum())));
    out.add(
        counter(
            MetricNames.UNSEAL_RESULTS,
            "Unseals that wrote a Secret (success) or failed (failure), by the Synced reason.",
            results));

    Map<String, Long> bySealingKey = new TreeMap<>();
    List<GaugeDataPointSnapshot> ages = new ArrayList<>();
    SealingKeyStore store = keys;
    Instant now = clock.instant();
    if (store != null && store.synced()) {
      for (SealingKey key : store.ring().keys()) {
        bySealingKey.put(keyName(key), 0L);
        if (key.certificate().isPresent()) {
          ages.add(
              point(
                  Labels.of("key", keyName(key)), seconds(Duration.between(key.notBefore(), now))));
        }
      }
    }
    IndexerResourceCache<SealedSecret> cache = sealedSecrets;
    if (cache != null) {
      Set<ResourceID> ids = openedBy.keySet();
      ids.removeIf(id -> cache.get(id).isEmpty());
    }
    openedBy.values().forEach(key -> bySealingKey.merge(key, 1L, Long::sum));
    List<GaugeDataPointSnapshot> counts = new ArrayList<>();
    bySealingKey.forEach((key, count) -> counts.add(point(Labels.of("key", key), count)));
    out.add(
        gauge(
            MetricNames.SEALED_SECRETS,
            "SealedSecrets by the oldest sealing key that opened one of their values; an active"
                + " key at 0 opens none of them.",
            counts));
    out.add(
        gauge(
            MetricNames.SEALING_KEY_AGE,
            "Seconds since each active sealing key's certificate started.",
            ages));
  }

  private static boolean isReady(SecurityBaselineStatus status) {
    if (status == null || status.conditions == null) {
      return false;
    }
    for (Condition condition : status.conditions) {
      if (ConditionTypes.READY.equals(condition.getType())) {
        return "True".equals(condition.getStatus());
      }
    }
    return false;
  }

  private static Instant created(SecurityBaseline baseline) {
    String at = baseline.getMetadata().getCreationTimestamp();
    return at == null ? Instant.EPOCH : Instant.parse(at);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static double seconds(Duration duration) {
    return Math.max(0, duration.toMillis() / 1000.0);
  }

  /** The key Secret's name: the key id is namespace/name and the namespace is always Bulwark's. */
  static String keyName(SealingKey key) {
    String id = key.id();
    return id.substring(id.indexOf('/') + 1);
  }

  private static GaugeDataPointSnapshot point(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private static CounterDataPointSnapshot counterPoint(Labels labels, double value) {
    return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private static GaugeSnapshot gauge(
      String name, String help, List<GaugeDataPointSnapshot> points) {
    GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
    points.forEach(builder::dataPoint);
    return builder.build();
  }

  private static CounterSnapshot counter(
      String name, String help, List<CounterDataPointSnapshot> points) {
    // The snapshot takes the name without _total; the text format adds it back.
    CounterSnapshot.Builder builder =
        CounterSnapshot.builder().name(name.substring(0, name.length() - "_total".length()));
    builder.help(help);
    points.forEach(builder::dataPoint);
    return builder.build();
  }
}
