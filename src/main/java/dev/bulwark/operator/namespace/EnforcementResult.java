package dev.bulwark.operator.namespace;

import dev.bulwark.operator.writes.WriteOutcome;
import dev.bulwark.operator.writes.WriteResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one enforcement pass did in a namespace.
 *
 * @param writes one result per planned write, in the order written (labels, NetworkPolicies,
 *     ResourceQuota, LimitRange, ServiceAccounts); empty when everything was in line
 * @param tightened whether the Pod Security enforce level or version became stricter
 * @param tighteningWarnings the API server's dry-run warnings about existing pods the stricter
 *     level rejects, when {@code tightened} (else empty)
 */
record EnforcementResult(
    List<WriteResult> writes, boolean tightened, List<String> tighteningWarnings) {

  /** An Audit-mode pass: nothing is written. */
  static final EnforcementResult NOTHING_ENFORCED =
      new EnforcementResult(List.of(), false, List.of());

  /** Whether the namespace is in line with the plan: nothing written, refused or put off. */
  boolean settled() {
    return writes.isEmpty();
  }

  /** The writes that went through (created, deleted, applied or repaired). */
  List<WriteResult> written() {
    return writes.stream().filter(WriteResult::wrote).toList();
  }

  /** The writes the API server refused, now or at the last attempt. */
  List<WriteResult> refused() {
    return of(WriteOutcome.REFUSED);
  }

  /** The writes put back after another writer changed them. */
  List<WriteResult> repaired() {
    return of(WriteOutcome.REPAIRED);
  }

  /**
   * The owned objects that still differ from the plan after this pass: their repair waits for its
   * backoff, or the API server refused the write; each as {@code Kind ns/name}.
   */
  List<String> differing() {
    return writes.stream()
        .filter(w -> w.outcome() == WriteOutcome.DEFERRED || w.outcome() == WriteOutcome.REFUSED)
        .map(w -> w.object().toString())
        .distinct()
        .toList();
  }

  /** When the first put-off or refused write may be tried again. */
  Optional<Instant> retryAt() {
    return writes.stream()
        .map(WriteResult::retryAt)
        .filter(Objects::nonNull)
        .min(Instant::compareTo);
  }

  /** The problem to report when the API server refused writes, else null. */
  String refusalProblem() {
    List<WriteResult> refused = refused();
    if (refused.isEmpty()) {
      return null;
    }
    return "the API server refused: "
        + String.join("; ", refused.stream().map(r -> r.object() + ": " + r.message()).toList());
  }

  private List<WriteResult> of(WriteOutcome outcome) {
    return writes.stream().filter(w -> w.outcome() == outcome).toList();
  }
}
