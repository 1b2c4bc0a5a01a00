package dev.bulwark.operator;

import dev.bulwark.admission.TrustedWriters;
import dev.bulwark.operator.observe.HttpOptions;
import java.time.Clock;
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
 * @param timings every delay and backoff bound the operator keeps time by
 * @param clock where the operator reads the time
 * @param writers who may write what Bulwark owns besides the operator: break-glass users and
 *     groups; with the operator's user name when it was given ({@code --operator-user}), else it is
 *     asked of the API server at start ({@link OperatorIdentity})
 */
public record OperatorOptions(
    String namespace,
    boolean leaderElection,
    String leaseName,
    Duration keyRenewPeriod,
    HttpOptions http,
    OperatorTimings timings,
    Clock clock,
    TrustedWriters writers) {

  /** Options without the HTTP endpoints, with production timings and the system clock. */
  public OperatorOptions(
      String namespace, boolean leaderElection, String leaseName, Duration keyRenewPeriod) {
    this(
        namespace,
        leaderElection,
        leaseName,
        keyRenewPeriod,
        null,
        OperatorTimings.production(),
        Clock.systemUTC(),
        TrustedWriters.none());
  }

  /** These options serving /metrics, /healthz and /readyz as {@code http} says. */
  public OperatorOptions withHttp(HttpOptions http) {
    return new OperatorOptions(
        namespace, leaderElection, leaseName, keyRenewPeriod, http, timings, clock, writers);
  }

  /** These options with {@code timings}. */
  public OperatorOptions withTimings(OperatorTimings timings) {
    return new OperatorOptions(
        namespace, leaderElection, leaseName, keyRenewPeriod, http, timings, clock, writers);
  }

  /** These options with {@code writers} (break-glass subjects, perhaps the operator's user). */
  public OperatorOptions withWriters(TrustedWriters writers) {
    return new OperatorOptions(
        namespace, leaderElection, leaseName, keyRenewPeriod, http, timings, clock, writers);
  }
}
