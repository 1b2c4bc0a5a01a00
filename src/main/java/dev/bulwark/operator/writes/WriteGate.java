package dev.bulwark.operator.writes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the writes of one pass over owned objects under their {@link RepairBackoff}: a repair of an
 * object repaired recently waits, a write refused recently waits for its retry, and a refusal by
 * the API server becomes a {@link WriteResult} with its message instead of an exception, so the
 * rest of the pass is still written.
 */
public final class WriteGate {

  private static final Logger log = LoggerFactory.getLogger(WriteGate.class);

  private final RepairBackoff backoff;
  private final Instant now;
  private final String why;

  /**
   * @param why what the writes are for, appended to each change logged (e.g. "baseline restricted")
   */
  public WriteGate(RepairBackoff backoff, Instant now, String why) {
    this.backoff = backoff;
    this.now = now;
    this.why = why;
  }

  /** The time this pass runs at. */
  public Instant now() {
    return now;
  }

  /** Whether a repair of {@code object} may be written now (its backoff does not hold it back). */
  public boolean mayRepair(ObjectRef object) {
    return backoff.waitUntil(object, now).isEmpty();
  }

  /**
   * Writes {@code object} with {@code write} unless its backoff holds it back.
   *
   * @param repair whether the object was in line before (so this write is a drift repair, which
   *     backs off against another writer); false for creation, deletion and first writes
   * @param change what the write does, e.g. "created NetworkPolicy ns/name"; the result's message
   *     adds why, e.g. "created NetworkPolicy ns/name (baseline restricted)"
   */
  public WriteResult write(ObjectRef object, boolean repair, String change, Runnable write) {
    Optional<RepairBackoff.Refusal> refused = backoff.refusedUntil(object, now);
    if (refused.isPresent()) {
      return new WriteResult(
          object, WriteOutcome.REFUSED, refused.get().message(), false, refused.get().until());
    }
    Optional<Instant> wait = repair ? backoff.waitUntil(object, now) : Optional.empty();
    if (wait.isPresent()) {
      backoff.held(object, now);
      return new WriteResult(
          object, WriteOutcome.DEFERRED, "repair waits until " + wait.get(), false, wait.get());
    }
    try {
      write.run();
    } catch (KubernetesClientException e) {
      String message = refusal(e);
      backoff.refused(object, now, message);
      log.warn("could not write {} ({}): {}", object, why, message);
      return new WriteResult(
          object,
          WriteOutcome.REFUSED,
          message,
          true,
          backoff.refusedUntil(object, now).map(RepairBackoff.Refusal::until).orElse(now));
    }
    backoff.accepted(object);
    if (repair) {
      backoff.repaired(object, now);
    }
    String done = change + " (" + why + ")";
    log.info("{}", done);
    return new WriteResult(
        object, repair ? WriteOutcome.REPAIRED : WriteOutcome.WRITTEN, done, true, null);
  }

  /**
   * The API server's own words for a refused write, "HTTP code: message" (the objects Bulwark owns
   * hold no secret values).
   */
  public static String refusal(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return "HTTP " + e.getCode() + ": " + e.getStatus().getMessage();
    }
    return "HTTP " + e.getCode() + ": " + e.getMessage();
  }
}
