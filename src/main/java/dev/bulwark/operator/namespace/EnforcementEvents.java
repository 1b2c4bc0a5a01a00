package dev.bulwark.operator.namespace;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.operator.events.EventReasons;
import dev.bulwark.operator.events.EventRecorder;
import dev.bulwark.operator.ledger.ContestedObject;
import dev.bulwark.operator.writes.WriteResult;
import java.time.Duration;
import java.util.List;

/**
 * The Events about one namespace's enforcement pass, on its governing baseline: at most one Event
 * per object a repair put back. A repair pass in a settled namespace records one {@code
 * DriftRepaired} Event naming every object it put back (and, when the restored Pod Security labels
 * tightened enforcement, what the API server said about existing pods, instead of a second {@code
 * EnforcementTightened} Event); a repaired object another field manager keeps changing back counts
 * up its own {@code FieldManagerConflict} series instead of appearing there. Tightening outside a
 * repair (a new baseline, a stricter spec) is an {@code EnforcementTightened} Event; a refused
 * write is one series per object.
 */
final class EnforcementEvents {

  private static final String NAMESPACE = "Namespace";

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
    List<WriteResult> repaired = result.repaired();
    List<ContestedObject> fought =
        contested.stream()
            .filter(c -> repaired.stream().anyMatch(r -> r.object().equals(c.object())))
            .toList();
    String tightening = result.tightened() ? tightening(result) : null;
    boolean tighteningTold = false;
    if (wasSettled) {
      List<WriteResult> written =
          result.written().stream()
              .filter(w -> fought.stream().noneMatch(c -> c.object().equals(w.object())))
              .toList();
      if (!written.isEmpty()) {
        boolean labels = written.stream().anyMatch(w -> NAMESPACE.equals(w.object().kind()));
        tighteningTold = tightening != null && labels;
        events.normal(
            baseline,
            EventReasons.DRIFT_REPAIRED,
            "namespace "
                + namespace
                + ": "
                + String.join("; ", written.stream().map(WriteResult::message).toList())
                + (tighteningTold ? "; enforcement tightened: " + tightening : ""));
      }
    } else if (tightening != null) {
      events.normal(
          baseline,
          EventReasons.ENFORCEMENT_TIGHTENED,
          "namespace " + namespace + ": " + tightening);
      tighteningTold = true;
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
    for (ContestedObject object : fought) {
      boolean labels = NAMESPACE.equals(object.object().kind());
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
              + " min)"
              + (labels && tightening != null && !tighteningTold
                  ? "; enforcement tightened: " + tightening
                  : ""));
    }
  }

  /** What tightening enforcement found about existing pods. */
  private static String tightening(EnforcementResult result) {
    return result.tighteningWarnings().isEmpty()
        ? "no existing pod is rejected by the new level"
        : String.join("; ", result.tighteningWarnings());
  }
}
