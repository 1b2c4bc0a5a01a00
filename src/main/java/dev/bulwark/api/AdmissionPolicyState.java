package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Where one generated admission policy of a baseline stands on its way to Deny: what it does now,
 * how many existing objects its current content refuses (or would), and since when that was
 * published.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AdmissionPolicyState {

  /** The policy denies what its current content refuses. */
  public static final String DENYING = "Denying";

  /** The policy only warns (Audit mode, action Warn, or a new policy in its grace period). */
  public static final String WARNING = "Warning";

  /** The policy's previous content stays in force until {@link #denyAt}. */
  public static final String PREVIOUS_IN_FORCE = "PreviousInForce";

  /**
   * Not every governed namespace has been evaluated against the current content yet; the policy is
   * left as it is meanwhile.
   */
  public static final String WAITING_FOR_PREVIEW = "WaitingForPreview";

  @JsonPropertyDescription("The check (or other rule) the policy enforces, e.g. resourceRequests.")
  public String check;

  @JsonPropertyDescription(
      "Denying, Warning, PreviousInForce (the policy as it was before the change stays until"
          + " denyAt) or WaitingForPreview.")
  public String phase;

  @JsonPropertyDescription(
      "Existing workloads and bare pods whose pods the current content refuses or will refuse"
          + " (named in refusals, up to its bound).")
  public int refuses;

  @JsonPropertyDescription(
      "Short hash of the policy's content (spec and bound namespaces) this state describes.")
  public String revision;

  @JsonPropertyDescription(
      "Short hash of the set of objects counted in refuses, so a reader (and the operator) can"
          + " tell whether the published preview is the current one.")
  public String digest;

  @JsonPropertyDescription(
      "When a preview of this revision naming existing objects it newly refuses was first"
          + " published (RFC 3339).")
  public String since;

  @JsonPropertyDescription(
      "When the policy starts denying (RFC 3339): since plus the grace period; absent when it"
          + " denies already or never will (Audit mode, action Warn).")
  public String denyAt;

  public AdmissionPolicyState() {}

  public AdmissionPolicyState(
      String check,
      String phase,
      int refuses,
      String revision,
      String digest,
      String since,
      String denyAt) {
    this.check = check;
    this.phase = phase;
    this.refuses = refuses;
    this.revision = revision;
    this.digest = digest;
    this.since = since;
    this.denyAt = denyAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdmissionPolicyState s
        && Objects.equals(check, s.check)
        && Objects.equals(phase, s.phase)
        && refuses == s.refuses
        && Objects.equals(revision, s.revision)
        && Objects.equals(digest, s.digest)
        && Objects.equals(since, s.since)
        && Objects.equals(denyAt, s.denyAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(check, phase, refuses, revision, digest, since, denyAt);
  }

  @Override
  public String toString() {
    return check + " " + phase + (denyAt == null ? "" : " until " + denyAt) + " (" + refuses + ")";
  }
}
