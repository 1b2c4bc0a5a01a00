package dev.bulwark.policy.pss;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodRule;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.PolicyVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluates pods against the Pod Security Standards exactly as upstream's evaluator does. The rules
 * for every (level, version) pair are resolved once, up front, into flat arrays: baseline checks
 * for baseline; for restricted, the restricted checks plus the baseline checks that no restricted
 * check overrides at that version. Order is upstream's: baseline ids sorted, then restricted ids
 * sorted.
 */
public final class PssEvaluator {

  private static final PssEvaluator DEFAULT = new PssEvaluator(PssChecks.ALL);

  /** [level ordinal][minor] -> checks in force. */
  private final Resolved[][][] table;

  /** A check's description and the rule revision in force at some version. */
  private record Resolved(CheckInfo info, PodRule rule) {}

  private PssEvaluator(List<PssCheck> checks) {
    List<PssCheck> ordered = new ArrayList<>(checks);
    ordered.sort(
        Comparator.comparing((PssCheck c) -> c.info().level() == Level.RESTRICTED)
            .thenComparing(c -> c.info().id()));
    int versions = PolicyVersion.NEWEST_RULE_MINOR + 1;
    table = new Resolved[Level.values().length][versions][];
    for (int minor = 0; minor < versions; minor++) {
      table[Level.PRIVILEGED.ordinal()][minor] = new Resolved[0];
      table[Level.BASELINE.ordinal()][minor] = resolve(ordered, minor, Level.BASELINE);
      table[Level.RESTRICTED.ordinal()][minor] = resolve(ordered, minor, Level.RESTRICTED);
    }
  }

  /** The evaluator over all upstream checks. */
  public static PssEvaluator standard() {
    return DEFAULT;
  }

  private static Resolved[] resolve(List<PssCheck> ordered, int minor, Level level) {
    Set<String> overridden = new HashSet<>();
    if (level == Level.RESTRICTED) {
      for (PssCheck check : ordered) {
        PssCheck.Revision revision = check.revisionAt(minor);
        if (check.info().level() == Level.RESTRICTED && revision != null) {
          overridden.addAll(revision.overrides());
        }
      }
    }
    List<Resolved> resolved = new ArrayList<>();
    for (PssCheck check : ordered) {
      Level checkLevel = check.info().level();
      if (checkLevel.compareTo(level) > 0 || overridden.contains(check.info().id())) {
        continue;
      }
      PssCheck.Revision revision = check.revisionAt(minor);
      if (revision != null) {
        resolved.add(new Resolved(check.info(), revision.rule()));
      }
    }
    return resolved.toArray(new Resolved[0]);
  }

  /** Adds every Pod Security Standards violation of {@code pod} at level and version to sink. */
  public void evaluate(Level level, PolicyVersion version, PodView pod, FindingSink sink) {
    for (Resolved check : table[level.ordinal()][version.effectiveMinor()]) {
      check.rule().check(pod, check.info(), sink);
    }
  }

  /** Ids of the checks in force at level and version, in evaluation order. */
  public List<String> checkIds(Level level, PolicyVersion version) {
    List<String> ids = new ArrayList<>();
    for (Resolved check : table[level.ordinal()][version.effectiveMinor()]) {
      ids.add(check.info().id());
    }
    return ids;
  }
}
