package dev.bulwark.admission;

import dev.bulwark.api.AdmissionPolicyState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/**
 * The rule that keeps a generated admission policy from refusing anything by surprise, for one
 * policy at a time: pure, so any policy that may start refusing objects (Bulwark's checks, and any
 * other generated policy) can use it.
 *
 * <p>A policy's desired content (its spec and bound namespaces, summed up as a revision) refuses a
 * set of existing objects, previewed by the policy engine. The content is written with Deny at once
 * when every object in that set is one the policy already denied or was announced to deny (the
 * hashes in its {@link RefusalKeys#ANNOTATION}, the previous status' preview of the same content
 * and set, or the same content already bound with Deny): such a change surprises nobody. Otherwise
 * the set is published in status first, and the content is written with Deny only once that very
 * set (same digest) is in the status read back and the grace period since its first publication for
 * this revision has passed. Meanwhile the policy as it was stays in force when it denied (so a
 * change never weakens what was refused before), or the new content is written with Warn when there
 * was no denying policy. Audit mode and {@code action: Warn} always warn. While not every governed
 * namespace has been evaluated against the current content, nothing is written for the policy.
 */
public final class DenyRollout {

  private DenyRollout() {}

  /** What to write for the policy. */
  public enum Write {
    /** The desired content, with Deny and the refused hashes annotated. */
    DENY,
    /** The desired content, with Warn and Audit and no annotation. */
    WARN,
    /** Nothing: what exists stays as it is. */
    NONE
  }

  /**
   * What exists of the policy in the cluster.
   *
   * @param revision the revision of its content
   * @param denies whether its binding denies
   * @param refuses the hashes of its {@link RefusalKeys#ANNOTATION}
   */
  public record Existing(String revision, boolean denies, Set<String> refuses) {}

  /**
   * One decision's input.
   *
   * @param check the policy's id (a check id)
   * @param enforce whether the baseline wants Deny (Enforce mode, action Deny)
   * @param previewValid whether every governed namespace was evaluated against this content
   * @param revision the revision of the desired content
   * @param refused the keys of the existing objects the desired content refuses now or later
   * @param existing what exists, or null
   * @param previous the policy's state in the status read back, or null
   * @param now the time of the decision
   * @param grace the grace period between the first publication of a preview and Deny
   */
  public record Input(
      String check,
      boolean enforce,
      boolean previewValid,
      String revision,
      SortedSet<String> refused,
      Existing existing,
      AdmissionPolicyState previous,
      Instant now,
      Duration grace) {}

  /**
   * The decision.
   *
   * @param write what to write
   * @param refuses the hashes to annotate ({@link Write#DENY} only)
   * @param state the policy's state for status
   * @param wakeAt when to decide again, if a grace period runs
   * @param announce whether this publishes a preview naming objects not yet published (one Event)
   */
  public record Decision(
      Write write,
      Set<String> refuses,
      AdmissionPolicyState state,
      Optional<Instant> wakeAt,
      boolean announce) {}

  /** Decides for one policy. */
  public static Decision decide(Input in) {
    String digest = RefusalKeys.digest(in.refused());
    int count = in.refused().size();
    AdmissionPolicyState previous = in.previous();
    if (!in.enforce()) {
      return new Decision(
          Write.WARN,
          Set.of(),
          new AdmissionPolicyState(
              in.check(), AdmissionPolicyState.WARNING, count, in.revision(), digest, null, null),
          Optional.empty(),
          false);
    }
    if (!in.previewValid()) {
      return new Decision(
          Write.NONE,
          Set.of(),
          previous == null
              ? new AdmissionPolicyState(
                  in.check(), AdmissionPolicyState.WAITING_FOR_PREVIEW, 0, null, null, null, null)
              : new AdmissionPolicyState(
                  in.check(),
                  AdmissionPolicyState.WAITING_FOR_PREVIEW,
                  previous.refuses,
                  previous.revision,
                  previous.digest,
                  previous.since,
                  previous.denyAt),
          Optional.empty(),
          false);
    }
    Set<String> hashes = RefusalKeys.hashes(in.refused());
    Set<String> known = new HashSet<>();
    boolean sameContent =
        in.existing() != null && RefusalKeys.same(in.revision(), in.existing().revision());
    if (in.existing() != null) {
      known.addAll(in.existing().refuses());
    }
    if (sameContent && in.existing().denies()) {
      known.addAll(hashes); // the very content denies already: writing it refuses nothing new
    }
    if (previous != null
        && AdmissionPolicyState.DENYING.equals(previous.phase)
        && RefusalKeys.same(in.revision(), previous.revision)
        && RefusalKeys.same(digest, previous.digest)) {
      known.addAll(hashes); // this very set was denied before (the annotation may have been lost)
    }
    Set<String> fresh = new HashSet<>(hashes);
    fresh.removeAll(known);
    if (fresh.isEmpty()) {
      Set<String> annotate =
          sameContent && in.existing().refuses().containsAll(hashes)
              ? in.existing().refuses()
              : hashes;
      return new Decision(
          Write.DENY,
          Set.copyOf(annotate),
          new AdmissionPolicyState(
              in.check(), AdmissionPolicyState.DENYING, count, in.revision(), digest, null, null),
          Optional.empty(),
          false);
    }
    Instant previousSince =
        previous != null && RefusalKeys.same(in.revision(), previous.revision)
            ? instant(previous.since)
            : null;
    boolean sameRevision = previousSince != null;
    Instant since = sameRevision ? previousSince : in.now();
    Instant denyAt = since.plus(in.grace());
    boolean published = sameRevision && RefusalKeys.same(digest, previous.digest);
    if (published && !in.now().isBefore(denyAt)) {
      return new Decision(
          Write.DENY,
          hashes,
          new AdmissionPolicyState(
              in.check(), AdmissionPolicyState.DENYING, count, in.revision(), digest, null, null),
          Optional.empty(),
          false);
    }
    boolean previousDenies = in.existing() != null && in.existing().denies();
    return new Decision(
        previousDenies ? Write.NONE : Write.WARN,
        Set.of(),
        new AdmissionPolicyState(
            in.check(),
            previousDenies ? AdmissionPolicyState.PREVIOUS_IN_FORCE : AdmissionPolicyState.WARNING,
            count,
            in.revision(),
            digest,
            since.toString(),
            denyAt.toString()),
        Optional.of(denyAt.isAfter(in.now()) ? denyAt : in.now()),
        !published);
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
