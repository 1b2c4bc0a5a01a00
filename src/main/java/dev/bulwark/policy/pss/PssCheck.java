package dev.bulwark.policy.pss;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.PodRule;
import java.util.List;

/**
 * An upstream Pod Security Standards check: its description and the revisions of its rule, each
 * applying from a policy version until the next revision.
 *
 * @param info id, level, severity, remediation
 * @param revisions strictly increasing by {@link Revision#sinceMinor()}
 */
public record PssCheck(CheckInfo info, List<Revision> revisions) {

  public PssCheck {
    revisions = List.copyOf(revisions);
    for (int i = 1; i < revisions.size(); i++) {
      if (revisions.get(i).sinceMinor() <= revisions.get(i - 1).sinceMinor()) {
        throw new IllegalArgumentException(info.id() + ": revisions must strictly increase");
      }
    }
  }

  /** The revision in force at {@code minor}, or null when the check did not exist yet. */
  public Revision revisionAt(int minor) {
    Revision current = null;
    for (Revision revision : revisions) {
      if (revision.sinceMinor() <= minor) {
        current = revision;
      }
    }
    return current;
  }

  /**
   * One revision of a check.
   *
   * @param sinceMinor first policy version (v1.N) it applies to
   * @param rule what it checks
   * @param overrides baseline check ids it replaces at the restricted level while in force
   */
  public record Revision(int sinceMinor, PodRule rule, List<String> overrides) {

    public Revision {
      overrides = List.copyOf(overrides);
    }

    public static Revision since(int minor, PodRule rule) {
      return new Revision(minor, rule, List.of());
    }

    public static Revision since(int minor, PodRule rule, String overrides) {
      return new Revision(minor, rule, List.of(overrides));
    }
  }
}
