package dev.bulwark.plan;

import dev.bulwark.api.ExceptionSpec;
import dev.bulwark.api.Mode;
import dev.bulwark.api.SecurityBaselineSpec;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PolicyVersion;
import dev.bulwark.policy.pss.PssEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Exceptions that cannot work: in Enforce mode the API server's PodSecurity admission enforces the
 * namespace's {@code pod-security.kubernetes.io/enforce} label, which has no per-pod exemptions, so
 * an exception for a Pod Security Standards check at or below the baseline's level cannot let a pod
 * in. Such an exception is reported (a warning, not an error: the rest of the spec applies) and not
 * applied, so status never calls a pod excepted that the API server refuses.
 */
public final class ImpossibleExceptions {

  private ImpossibleExceptions() {}

  /**
   * The Pod Security check ids the namespace labels of {@code spec} enforce: those of its level and
   * version in Enforce mode, none in Audit mode or at level privileged.
   */
  public static Set<String> checks(SecurityBaselineSpec spec) {
    if (spec == null || spec.mode != Mode.Enforce || spec.podSecurity == null) {
      return Set.of();
    }
    Level level;
    PolicyVersion version;
    try {
      level = Level.parse(spec.podSecurity.level.label());
      version = PolicyVersion.parse(spec.podSecurity.version);
    } catch (IllegalArgumentException e) {
      return Set.of();
    }
    if (level == Level.PRIVILEGED) {
      return Set.of();
    }
    return Set.copyOf(PssEvaluator.standard().checkIds(level, version));
  }

  /**
   * One warning per exception naming checks from {@link #checks}, naming the field and what the
   * user can do instead.
   */
  public static List<SpecProblem> warnings(SecurityBaselineSpec spec) {
    Set<String> enforced = checks(spec);
    List<SpecProblem> warnings = new ArrayList<>();
    if (enforced.isEmpty() || spec.exceptions == null) {
      return warnings;
    }
    for (int i = 0; i < spec.exceptions.size(); i++) {
      ExceptionSpec exception = spec.exceptions.get(i);
      Set<String> named = new TreeSet<>(exception.checks);
      named.retainAll(enforced);
      if (named.isEmpty()) {
        continue;
      }
      warnings.add(
          new SpecProblem(
              "spec.exceptions[" + i + "].checks",
              String.join(", ", named)
                  + " cannot be excepted: in Enforce mode the namespace's"
                  + " pod-security.kubernetes.io/enforce="
                  + spec.podSecurity.level.label()
                  + " label refuses such pods whatever the exception says (Pod Security admission"
                  + " has no per-pod exemptions), so the exception is not applied. Instead, govern"
                  + " those workloads' namespace with a separate baseline at a lower"
                  + " podSecurity.level (e.g. baseline), or lower this baseline's level"));
    }
    return warnings;
  }
}
