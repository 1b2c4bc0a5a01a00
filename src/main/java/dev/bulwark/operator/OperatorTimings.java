package dev.bulwark.operator;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Every delay, backoff bound and memory span the operator keeps time by, in one place: production
 * values from {@link #production()}, shorter ones from tests (which shorten time instead of waiting
 * through it) and from {@code bulwark operator --timing NAME=DURATION}.
 *
 * @param settleCheck how soon a namespace is looked at again after a write, to confirm it settled
 *     (doubled per unsettled look in a row)
 * @param maxSettleCheck the longest wait between settle checks while writes keep being needed
 * @param repairFirstWait the wait before the second repair of one owned object within {@code
 *     repairWindow}; doubled per further repair
 * @param repairMaxWait the longest wait between two repairs of one owned object
 * @param repairWindow how long a repair (or a refused write) of an owned object is remembered; an
 *     object repaired twice within it is contested
 * @param statusWriteInterval the shortest time between two status writes of one SecurityBaseline: a
 *     status change sooner than that waits, and the latest status is written when it has passed
 * @param forgottenNamespaces how long the uid of a deleted namespace is remembered, so a reconcile
 *     still in flight cannot bring its evaluation back
 * @param reportsApiRecheck how long a "not served" answer about the OpenReports API, or about Trivy
 *     Operator's VulnerabilityReports, is trusted
 * @param reportRetry how soon a failed Report write or delete is tried again
 * @param remediationPreviewWait how soon a namespace looks again while workload remediation waits
 *     for the preview of the baseline's generation to be in status
 * @param admissionRetry how soon a refused write of a generated ValidatingAdmissionPolicy is tried
 *     again
 * @param admissionGrace the default grace period between the publication of a preview naming
 *     existing workloads a generated admission policy would newly refuse and that policy's Deny (a
 *     baseline's {@code spec.admission.gracePeriodSeconds} overrides it); for the
 *     imageVulnerabilities policy, between an image's first warning and its refusal
 * @param safetyNet the longest time between two reconciles of one namespace or baseline, should an
 *     event ever be missed
 * @param unsealRetry how soon a SealedSecret that did not unseal is tried again (then doubling)
 * @param leaseDuration how long a leader's Lease holds without renewal (leader election only)
 * @param leaseRenewDeadline how long the leader keeps trying to renew before it gives up
 * @param leaseRetryPeriod how often candidates try to take or renew the Lease
 * @param cacheSyncTimeout how long the informers may take to list what they watch at start before
 *     the operator gives up and stops (java-operator-sdk's default of 2 minutes is too short for
 *     150,000 pods on a busy API server)
 */
public record OperatorTimings(
    Duration settleCheck,
    Duration maxSettleCheck,
    Duration repairFirstWait,
    Duration repairMaxWait,
    Duration repairWindow,
    Duration statusWriteInterval,
    Duration forgottenNamespaces,
    Duration reportsApiRecheck,
    Duration reportRetry,
    Duration remediationPreviewWait,
    Duration admissionRetry,
    Duration admissionGrace,
    Duration safetyNet,
    Duration unsealRetry,
    Duration leaseDuration,
    Duration leaseRenewDeadline,
    Duration leaseRetryPeriod,
    Duration cacheSyncTimeout) {

  public OperatorTimings {
    Duration[] values = {
      settleCheck,
      maxSettleCheck,
      repairFirstWait,
      repairMaxWait,
      repairWindow,
      statusWriteInterval,
      forgottenNamespaces,
      reportsApiRecheck,
      reportRetry,
      remediationPreviewWait,
      admissionRetry,
      admissionGrace,
      safetyNet,
      unsealRetry,
      leaseDuration,
      leaseRenewDeadline,
      leaseRetryPeriod,
      cacheSyncTimeout
    };
    RecordComponent[] components = OperatorTimings.class.getRecordComponents();
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null || values[i].isNegative() || values[i].isZero()) {
        throw new IllegalArgumentException(
            "timing " + components[i].getName() + " must be a positive duration, was " + values[i]);
      }
    }
  }

  /** The values the operator runs with unless told otherwise. */
  public static OperatorTimings production() {
    return new OperatorTimings(
        Duration.ofSeconds(2),
        Duration.ofMinutes(5),
        Duration.ofSeconds(5),
        Duration.ofMinutes(10),
        Duration.ofMinutes(10),
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        Duration.ofMinutes(10),
        Duration.ofHours(10),
        Duration.ofMinutes(1),
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        Duration.ofMinutes(15));
  }

  /** The names {@link #with} accepts: the record's component names, in declaration order. */
  public static List<String> names() {
    return Arrays.stream(OperatorTimings.class.getRecordComponents())
        .map(RecordComponent::getName)
        .toList();
  }

  /**
   * These timings with {@code name} set to {@code value}.
   *
   * @throws IllegalArgumentException when {@code name} is not one of {@link #names()} or the value
   *     is not positive
   */
  public OperatorTimings with(String name, Duration value) {
    RecordComponent[] components = OperatorTimings.class.getRecordComponents();
    Object[] values = new Object[components.length];
    boolean found = false;
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(name)) {
        values[i] = value;
        found = true;
      } else {
        values[i] = read(components[i]);
      }
    }
    if (!found) {
      throw new IllegalArgumentException(
          "unknown timing '" + name + "'; known: " + String.join(", ", names()));
    }
    try {
      return OperatorTimings.class
          .getDeclaredConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new))
          .newInstance(values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException invalid) {
        throw invalid;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the canonical constructor of a record is always there", e);
    }
  }

  private Object read(RecordComponent component) {
    try {
      return component.getAccessor().invoke(this);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("record accessors are public", e);
    }
  }
}
