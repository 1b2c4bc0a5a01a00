package dev.bulwark.operator.baseline;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells when a condition becomes True for a baseline, so the Event announcing it is emitted once.
 *
 * <p>The status a reconcile reads comes from the informer's cache, which may not hold this
 * process's last status write yet: two reconciles in quick succession would both see the condition
 * False there. So this remembers, per baseline UID and condition type, the value this process
 * computed last, and reads the cached status only for a pair it has not computed yet (after a start
 * or a lease takeover, where the written status is the best record of what was announced).
 */
final class ConditionEdges {

  private final Map<String, Map<String, Boolean>> lastComputed = new ConcurrentHashMap<>();

  /**
   * True when {@code type} is True in {@code conditions} and was not True the last time this
   * process computed it for {@code uid} (or, never computed here, in the status read).
   */
  boolean becameTrue(String uid, String type, Conditions conditions) {
    boolean is = conditions.isTrue(type);
    Boolean last = lastComputed.computeIfAbsent(uid, k -> new ConcurrentHashMap<>()).put(type, is);
    boolean was = last != null ? last : conditions.wasTrue(type);
    return is && !was;
  }

  /** Forgets baselines whose UID is not in {@code live}. */
  void retain(Set<String> live) {
    lastComputed.keySet().retainAll(live);
  }
}
