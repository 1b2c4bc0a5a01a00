package dev.bulwark.operator;

import java.time.Duration;

/**
 * How the operator runs.
 *
 * @param namespace the operator's own namespace: never governed, home of its lease and keys
 * @param leaderElection whether to take a Lease before reconciling (for several replicas)
 * @param leaseName name of the Lease in {@code namespace}
 * @param keyRenewPeriod how often sealing keys are renewed; zero disables renewal
 */
public record OperatorOptions(
    String namespace, boolean leaderElection, String leaseName, Duration keyRenewPeriod) {}
