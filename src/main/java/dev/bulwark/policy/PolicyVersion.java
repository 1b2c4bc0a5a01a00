package dev.bulwark.policy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Pod Security Standards policy version: {@code latest} or {@code v1.N}. Versions newer than the
 * newest rule change behave like it, as upstream's evaluator clamps them.
 *
 * @param minor the minor version, or {@link #LATEST_MINOR} for {@code latest}
 */
public record PolicyVersion(int minor) {

  /** Sentinel minor for {@code latest}, newer than every numbered version. */
  public static final int LATEST_MINOR = Integer.MAX_VALUE;

  /** The newest minor at which any upstream check changes (k8s.io/pod-security-admission v0.37). */
  public static final int NEWEST_RULE_MINOR = 37;

  public static final PolicyVersion LATEST = new PolicyVersion(LATEST_MINOR);

  private static final Pattern SYNTAX = Pattern.compile("^v1\\.(0|[1-9][0-9]{0,8})$");

  public PolicyVersion {
    if (minor < 0) {
      throw new IllegalArgumentException("minor version must not be negative: " + minor);
    }
  }

  public static PolicyVersion of(int minor) {
    return new PolicyVersion(minor);
  }

  /** Parses {@code latest} or {@code v1.N}, the syntax of the enforce-version label. */
  public static PolicyVersion parse(String value) {
    if ("latest".equals(value)) {
      return LATEST;
    }
    Matcher matcher = value == null ? null : SYNTAX.matcher(value);
    if (matcher == null || !matcher.matches()) {
      throw new IllegalArgumentException(
          "version must be \"latest\" or \"v1.N\" (got \"" + value + "\")");
    }
    return new PolicyVersion(Integer.parseInt(matcher.group(1)));
  }

  public boolean isLatest() {
    return minor == LATEST_MINOR;
  }

  /** The minor whose rules apply: {@code latest} and future versions use the newest rules. */
  public int effectiveMinor() {
    return Math.min(minor, NEWEST_RULE_MINOR);
  }

  @Override
  public String toString() {
    return isLatest() ? "latest" : "v1." + minor;
  }
}
