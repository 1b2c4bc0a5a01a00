package dev.bulwark.operator.defaults;

import java.util.Set;
import java.util.TreeSet;

/**
 * The status line naming a workload whose remediated values were changed back, {@code Kind
 * namespace/name: changed back by field manager M (field=value, ...)}, and the key read back from
 * it: status is the one record of reverted workloads that survives a restart.
 */
final class RevertedLines {

  private RevertedLines() {}

  /** The line for workload {@code key} whose {@code undone} values {@code manager} changed. */
  static String line(String key, String manager, Set<String> undone) {
    return key
        + ": changed back by field manager "
        + manager
        + " ("
        + String.join(", ", new TreeSet<>(undone))
        + ")";
  }

  /** The workload key ("Kind namespace/name") a status line names. */
  static String keyOf(String line) {
    int colon = line.indexOf(':');
    return colon < 0 ? line : line.substring(0, colon);
  }
}
