package dev.bulwark.policy;

import java.util.ArrayList;
import java.util.List;

/** Collects findings without allocating anything until the first one arrives. */
public final class FindingSink {

  private List<Finding> findings;

  public void add(Finding finding) {
    if (findings == null) {
      findings = new ArrayList<>(4);
    }
    findings.add(finding);
  }

  public boolean isEmpty() {
    return findings == null;
  }

  /** The findings so far; an immutable empty list when there are none. */
  public List<Finding> findings() {
    return findings == null ? List.of() : findings;
  }
}
