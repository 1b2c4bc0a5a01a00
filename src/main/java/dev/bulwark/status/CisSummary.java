package dev.bulwark.status;

import dev.bulwark.report.CheckFacts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Sums violations per check into violations per CIS Kubernetes Benchmark section 5 control. */
public final class CisSummary {

  /** No CIS control covers the check. */
  public static final String NONE = "-";

  private CisSummary() {}

  /**
   * Violations of {@code baselines} by control, ordered by control number (5.2.9 before 5.2.10),
   * checks without a control last.
   */
  public static List<CisControlCount> of(Collection<BaselineState> baselines) {
    Map<String, Integer> counts = new TreeMap<>();
    Map<String, TreeSet<String>> checks = new TreeMap<>();
    for (BaselineState baseline : baselines) {
      baseline
          .byCheck()
          .forEach(
              (check, count) -> {
                String control = CheckFacts.of(check).cisControl();
                String key = control == null ? NONE : control;
                counts.merge(key, count, Integer::sum);
                checks.computeIfAbsent(key, k -> new TreeSet<>()).add(check);
              });
    }
    List<CisControlCount> rows = new ArrayList<>();
    counts.forEach(
        (control, count) ->
            rows.add(new CisControlCount(control, count, List.copyOf(checks.get(control)))));
    rows.sort(Comparator.comparing(CisControlCount::control, CisSummary::compareControls));
    return rows;
  }

  /** Orders dotted control ids part by part as numbers; {@link #NONE} sorts last. */
  static int compareControls(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    if (a.equals(NONE) || b.equals(NONE)) {
      return a.equals(NONE) ? 1 : -1;
    }
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    for (int i = 0; i < Math.min(left.length, right.length); i++) {
      int order = Integer.compare(number(left[i]), number(right[i]));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(left.length, right.length);
  }

  private static int number(String part) {
    try {
      return Integer.parseInt(part);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
