package dev.bulwark.operator.namespace;

import java.time.Instant;
import java.util.List;

/**
 * What one enforcement pass did in a namespace.
 *
 * @param changes one line per write (what, where, why), empty when already in sync
 * @param tightenedWarnings the API server's warnings when enforcement was tightened, else empty
 * @param tightened whether the Pod Security enforce level or version became stricter
 * @param refusals one line per write the API server refused: kind, namespace/name and its message
 * @param deferred objects left as they are because their repair backoff still runs
 * @param repaired objects (namespace/kind/name) rewritten this pass that were in line before
 * @param written every object (namespace/kind/name) written this pass
 * @param freshRefusals objects whose write the API server refused in this very pass (the others in
 *     {@code refusals} wait for their retry)
 * @param retryAt when the first deferred object may be written, or null
 */
record EnforcementOutcome(
    List<String> changes,
    List<String> tightenedWarnings,
    boolean tightened,
    List<String> refusals,
    List<String> deferred,
    List<String> repaired,
    List<String> written,
    List<String> freshRefusals,
    Instant retryAt) {

  /** Whether the namespace is in line with the plan: nothing written, refused or put off. */
  boolean settled() {
    return changes.isEmpty() && refusals.isEmpty() && deferred.isEmpty();
  }

  /** The kind of each object in {@link #written()} (keys are namespace/kind/name). */
  List<String> writtenKinds() {
    return written.stream().map(key -> key.split("/", 3)[1]).toList();
  }
}
