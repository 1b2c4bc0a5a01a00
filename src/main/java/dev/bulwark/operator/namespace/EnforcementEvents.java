package dev.bulwark.operator.namespace;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.operator.events.EventReasons;
import dev.bulwark.operator.events.EventRecorder;
import dev.bulwark.operator.ledger.ContestedObject;
import dev.bulwark.operator.writes.WriteResult;
import java.time.Duration;
import java.util.List;

/**
 * The Events about one namespace's enforcement pass, on its governing baseline: drift repaired,
 * enforcement tightened, a write refused (one series per object), an object contested by another
 * field manager (one series per object, counted up at each repair).
 */
final class EnforcementEvents {

  private final EventRecorder events;
  private final Duration repairMaxWait;

  EnforcementEvents(EventRecorder events, Duration repairMaxWait) {
    this.events = events;
    this.repairMaxWait = repairMaxWait;
  }

  /**
   * Records the Events {@code result} calls for.
   *
   * @param wasSettled whether the namespace was settled under this baseline generation before (then
   *     a write is a drift repair)
   * @param contested the namespace's contested objects
   */
  void record(
      SecurityBaseline baseline,
      String namespace,
      EnforcementResult result,
      boolean wasSettled,
      List<ContestedObject> contested) {
    List<WriteResult> written = result.written();
    if (!written.isEmpty() && wasSettled) {
      events.normal(
          baseline,
          EventReasons.DRIFT_REPAIRED,
          "namespace "
              + namespace
              + ": "
              + String.join("; ", written.stream().map(WriteResult::message).toList()));
    }
    if (result.tightened()) {
      events.normal(
          baseline,
          EventReasons.ENFORCEMENT_TIGHTENED,
          "namespace "
              + namespace
              + (result.tighteningWarnings().isEmpty()
                  ? ": no existing pod is rejected by the new level"
                  : ": " + String.join("; ", result.tighteningWarnings())));
    }
    for (WriteResult refused : result.refused()) {
      if (refused.freshlyRefused()) {
        events.series(
            baseline,
            "Warning",
            EventReasons.WRITE_REFUSED,
            refused.object().toString(),
            "namespace "
                + namespace
                + ": "
                + refused.object()
                + ": "
                + refused.message()
                + " (retried with backoff)");
      }
    }
    List<WriteResult> repaired = result.repaired();
    for (ContestedObject object : contested) {
      if (repaired.stream().anyMatch(r -> r.object().equals(object.object()))) {
        events.series(
            baseline,
            "Warning",
            EventReasons.FIELD_MANAGER_CONFLICT,
            object.object().toString(),
            object.object()
                + " is changed back by field manager "
                + object.fieldManager()
                + "; Bulwark repairs it with backoff (next in at most "
                + repairMaxWait.toMinutes()
                + " min)");
      }
    }
  }
}
