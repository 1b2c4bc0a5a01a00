package dev.bulwark.operator.writes;

import java.time.Instant;

/**
 * The result of one planned write of an owned object.
 *
 * @param object the object
 * @param outcome what became of the write
 * @param message what was done ({@code WRITTEN}, {@code REPAIRED}: e.g. "created NetworkPolicy
 *     ns/name"), the API server's words ({@code REFUSED}: "HTTP 422: ..."), or why it waits ({@code
 *     DEFERRED})
 * @param attempted whether the write was sent to the API server in this pass (false for {@code
 *     DEFERRED}, and for {@code REFUSED} while an earlier refusal's retry is not yet due)
 * @param retryAt when a {@code DEFERRED} or {@code REFUSED} write may be tried again, else null
 */
public record WriteResult(
    ObjectRef object, WriteOutcome outcome, String message, boolean attempted, Instant retryAt) {

  /** Whether the object was written in this pass (created, deleted, applied or repaired). */
  public boolean wrote() {
    return outcome == WriteOutcome.WRITTEN || outcome == WriteOutcome.REPAIRED;
  }

  /** Whether the API server refused this very pass's write (not a refusal still waiting). */
  public boolean freshlyRefused() {
    return outcome == WriteOutcome.REFUSED && attempted;
  }
}
