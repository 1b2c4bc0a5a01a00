package dev.bulwark.operator.defaults;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What workload remediation remembers in this process, shared by all namespace reconciles (one
 * namespace at a time) and read by the baseline reconciler.
 */
final class RemediationState {

  /** What Bulwark set on one workload and the resourceVersion its write produced. */
  record Written(Set<String> changes, Map<String, Object> patch, String resourceVersion) {}

  /**
   * One namespace's last evaluation: its governing baseline's uid and generation, its pending lines
   * and the lines of workloads whose writes are refused.
   */
  record NamespacePending(
      String baselineUid, long generation, List<String> pending, List<String> refused) {}

  /**
   * The last refused write of one workload: at which resourceVersion, and the API server's message.
   */
  record Refusal(String resourceVersion, String message) {}

  /** Per namespace: what its last evaluation found. */
  private final Map<String, NamespacePending> namespaces = new ConcurrentHashMap<>();

  /** Per object uid: what Bulwark set and the resourceVersion its write produced. */
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  /** Per baseline uid: object key to the status line reporting its reversion. */
  private final Map<String, Map<String, String>> reverted = new ConcurrentHashMap<>();

  /** Per baseline uid: keys of the objects this process patched. */
  private final Map<String, Set<String>> remediated = new ConcurrentHashMap<>();

  /** Per object uid: the last refused write, until a write of it goes through. */
  private final Map<String, Refusal> refused = new ConcurrentHashMap<>();

  Written written(String uid) {
    return written.get(uid);
  }

  /** The last refused write of the object with {@code uid}, or null. */
  Refusal refusal(String uid) {
    return refused.get(uid);
  }

  /** Records a write of the workload {@code key} (uid {@code uid}) under {@code baselineUid}. */
  void wrote(String baselineUid, String uid, String key, Written write) {
    written.put(uid, write);
    refused.remove(uid);
    remediated.computeIfAbsent(baselineUid, k -> ConcurrentHashMap.newKeySet()).add(key);
  }

  /**
   * Records a refused write of the object with {@code uid}; true when it is the first of a series
   * (the object's last write was not refused), so one Event names it.
   */
  boolean refused(String uid, Refusal refusal) {
    return refused.put(uid, refusal) == null;
  }

  /** Forgets the refusals of the object with {@code uid} (it needs no write any more). */
  void clearRefusal(String uid) {
    refused.remove(uid);
  }

  /**
   * Records that {@code key} was changed back, with its status {@code line}; false when it was
   * already known.
   */
  boolean reverted(String baselineUid, String key, String line) {
    return reverted
            .computeIfAbsent(baselineUid, k -> new ConcurrentHashMap<>())
            .putIfAbsent(key, line)
        == null;
  }

  boolean isReverted(String baselineUid, String key) {
    return reverted.getOrDefault(baselineUid, Map.of()).containsKey(key);
  }

  /** Object key to status line of the workloads found changed back under {@code baselineUid}. */
  Map<String, String> revertedUnder(String baselineUid) {
    return Map.copyOf(reverted.getOrDefault(baselineUid, Map.of()));
  }

  int remediatedCount(String baselineUid) {
    return remediated.getOrDefault(baselineUid, Set.of()).size();
  }

  /** Replaces what {@code namespace} has pending; true when it changed. */
  boolean pending(String namespace, NamespacePending state) {
    return !state.equals(namespaces.put(namespace, state));
  }

  NamespacePending pending(String namespace) {
    return namespaces.get(namespace);
  }

  void forget(String namespace) {
    namespaces.remove(namespace);
  }
}
