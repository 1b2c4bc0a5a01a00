package dev.bulwark.operator.observe;

import java.util.List;

/**
 * The names of Bulwark's own metrics as Prometheus serves them (counters with their {@code _total}
 * suffix). Labels are bounded by what the cluster declares, never by workloads: baselines, check
 * ids, unseal reasons, sealing keys and informer caches; never a pod or namespace.
 */
public final class MetricNames {

  /** Gauge {baseline, check}: violations in the baseline's governed namespaces, per check. */
  public static final String VIOLATIONS = "bulwark_violations";

  /** Gauge {baseline}: namespaces the baseline governs. */
  public static final String NAMESPACES_GOVERNED = "bulwark_namespaces_governed";

  /** Gauge {baseline}: governed namespaces without violations. */
  public static final String NAMESPACES_COMPLIANT = "bulwark_namespaces_compliant";

  /** Gauge {baseline}: 1 when the baseline's Ready condition is True, else 0. */
  public static final String BASELINE_READY = "bulwark_baseline_ready";

  /**
   * Gauge {baseline}: governed workloads whose image no VulnerabilityReport describes yet (check
   * imageVulnerabilities; only for baselines that run it).
   */
  public static final String WORKLOADS_NOT_SCANNED = "bulwark_workloads_not_scanned";

  /** Gauge {baseline}: governed workloads using an image above the vulnerability limit. */
  public static final String VULNERABLE_WORKLOADS = "bulwark_vulnerable_workloads";

  /**
   * Gauge {baseline, action}: images (digests and references) the vulnerability policy refuses
   * ({@code deny}) or only warns about so far ({@code warn}).
   */
  public static final String VULNERABLE_IMAGES = "bulwark_vulnerable_images";

  /** Counter {baseline}: owned objects or labels found changed or deleted and put back. */
  public static final String DRIFT_REPAIRS = "bulwark_drift_repairs_total";

  /**
   * Counter {baseline, kind}: objects a drift repair put back since this process started, by kind
   * (Namespace for its Pod Security labels, NetworkPolicy, ResourceQuota, LimitRange,
   * ServiceAccount).
   */
  public static final String DRIFT_REPAIRED_OBJECTS = "bulwark_drift_repaired_objects_total";

  /**
   * Counter {baseline}: namespace reconciles that ended with a problem (the baseline is invalid, or
   * the reconcile failed), leaving the namespace out of line.
   */
  public static final String ENFORCEMENT_ERRORS = "bulwark_enforcement_errors_total";

  /** Gauge {baseline}: seconds since this process last evaluated the baseline completely. */
  public static final String LAST_EVALUATION_AGE = "bulwark_baseline_last_evaluation_age_seconds";

  /** Counter {reason, result}: unseals that wrote a Secret or failed, by Synced reason. */
  public static final String UNSEAL_RESULTS = "bulwark_unseal_results_total";

  /** Gauge {key}: SealedSecrets whose oldest opening key is this sealing key. */
  public static final String SEALED_SECRETS = "bulwark_sealedsecrets";

  /** Gauge {key}: seconds since the sealing key's certificate started. */
  public static final String SEALING_KEY_AGE = "bulwark_sealing_key_age_seconds";

  /** Gauge: 1 while this process leads (reconciles), else 0. */
  public static final String LEADER = "bulwark_leader";

  /** Gauge {controller, source}: objects held by an informer cache. */
  public static final String INFORMER_CACHE_SIZE = "bulwark_informer_cache_size";

  /** Every name above. */
  public static final List<String> ALL =
      List.of(
          VIOLATIONS,
          NAMESPACES_GOVERNED,
          NAMESPACES_COMPLIANT,
          BASELINE_READY,
          WORKLOADS_NOT_SCANNED,
          VULNERABLE_WORKLOADS,
          VULNERABLE_IMAGES,
          DRIFT_REPAIRS,
          DRIFT_REPAIRED_OBJECTS,
          ENFORCEMENT_ERRORS,
          LAST_EVALUATION_AGE,
          UNSEAL_RESULTS,
          SEALED_SECRETS,
          SEALING_KEY_AGE,
          LEADER,
          INFORMER_CACHE_SIZE);

  private MetricNames() {}
}
