package dev.bulwark.operator;

import dev.bulwark.operator.observe.HttpOptions;
import java.time.Duration;

/**
 * How the operator runs.
 *
 * @param namespace the operator's own namespace: never governed, home of its lease and keys
 * @param leaderElection whether to take a Lease before reconciling (for several replicas)
 * @param leaseName name of the Lease in {@code namespace}
 * @param keyRenewPeriod how often sealing keys are renewed; zero disables renewal
 * @param http where to serve /metrics, /healthz and /readyz; null serves nothing (in-process use
 *     such as the demo and most tests)
 */
public record OperatorOptions(
    String namespace,
    boolean leaderElection,
    String leaseName,
    Duration keyRenewPeriod,
    HttpOptions http) {

  /** Options without the HTTP endpoints. */
  public OperatorOptions(
      String namespace, boolean leaderElection, String leaseName, Duration keyRenewPeriod) {
    this(namespace, leaderElection, leaseName, keyRenewPeriod, null);
  }
}
