package dev.bulwark.operator.defaults;

import dev.bulwark.api.RemediationStatus;
import dev.bulwark.api.SecurityBaseline;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds a baseline's {@code status.remediation} from what remediation remembers, carrying over the
 * reverted workloads the previous status named (so they are still left alone after a restart). The
 * preview counts as the current generation's ({@link RemediationStatus#previewedGeneration}) only
 * when every governed namespace was evaluated by remediation at that generation: a preview built
 * from some namespaces' older evaluations (or none, right after remediation was turned on) is not
 * the preview of this generation, and no template is written on its strength.
 */
final class RemediationStatusBuilder {

  private RemediationStatusBuilder() {}

  /** The status of {@code baseline} over its {@code governed} namespaces. */
  static RemediationStatus build(
      SecurityBaseline baseline, Collection<String> governed, RemediationState state) {
    String uid = baseline.getMetadata().getUid();
    long generation = Objects.requireNonNullElse(baseline.getMetadata().getGeneration(), 0L);
    List<String> pending = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    boolean complete = true;
    for (String ns : new TreeSet<>(governed)) {
      RemediationState.NamespacePending namespace = state.pending(ns);
      if (namespace != null && uid.equals(namespace.baselineUid())) {
        pending.addAll(namespace.pending());
        refused.addAll(namespace.refused());
        complete &= namespace.generation() == generation;
      } else {
        complete = false;
      }
    }
    RemediationStatus previous = previous(baseline);
    RemediationStatus status = new RemediationStatus();
    status.previewedGeneration =
        complete
            ? Long.valueOf(generation)
            : previous == null ? null : previous.previewedGeneration;
    status.pending = pending.size();
    status.refusedCount = refused.size();
    status.refused =
        List.copyOf(refused.subList(0, Math.min(RemediationStatus.NAMES, refused.size())));
    status.preview =
        List.copyOf(pending.subList(0, Math.min(RemediationStatus.NAMES, pending.size())));
    status.remediated = state.remediatedCount(uid);
    Map<String, String> all = new TreeMap<>();
    if (previous != null && previous.reverted != null) {
      previous.reverted.forEach(line -> all.put(RevertedLines.keyOf(line), line));
    }
    all.putAll(state.revertedUnder(uid));
    status.revertedCount = Math.max(all.size(), previous == null ? 0 : previous.revertedCount);
    status.reverted = all.values().stream().limit(RemediationStatus.NAMES).toList();
    return status;
  }

  /** Whether the preview of {@code baseline}'s current generation is in its status. */
  static boolean previewed(SecurityBaseline baseline) {
    RemediationStatus status = previous(baseline);
    return status != null
        && status.previewedGeneration != null
        && status.previewedGeneration.equals(baseline.getMetadata().getGeneration());
  }

  /** Whether {@code baseline}'s status names workload {@code key} as changed back. */
  static boolean revertedInStatus(SecurityBaseline baseline, String key) {
    RemediationStatus status = previous(baseline);
    return status != null
        && status.reverted != null
        && status.reverted.stream().anyMatch(line -> RevertedLines.keyOf(line).equals(key));
  }

  private static RemediationStatus previous(SecurityBaseline baseline) {
    return baseline.getStatus() == null ? null : baseline.getStatus().remediation;
  }
}
