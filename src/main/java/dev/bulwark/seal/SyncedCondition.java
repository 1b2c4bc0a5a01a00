package dev.bulwark.seal;

import dev.bulwark.api.SealedSecretConditions;
import dev.bulwark.api.SealedSecretStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the next status from the current one and an outcome: lastTransitionTime moves only when
 * the condition's status flips, and an outcome that changed nothing keeps the condition as it is.
 */
final class SyncedCondition {

  private SyncedCondition() {}

  static Optional<Condition> find(SealedSecretStatus status) {
    if (status == null || status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream()
        .filter(c -> SealedSecretConditions.SYNCED.equals(c.getType()))
        .findFirst();
  }

  /** True when the current status says this generation's Secret was in place. */
  static boolean wasSynced(SealedSecretStatus status, long generation) {
    return find(status)
        .filter(c -> "True".equals(c.getStatus()))
        .filter(c -> c.getObservedGeneration() != null && c.getObservedGeneration() == generation)
        .isPresent();
  }

  static SealedSecretStatus next(
      SealedSecretStatus current, long generation, UnsealOutcome outcome, Instant now) {
    Optional<Condition> previous = find(current);
    Condition condition;
    if (outcome.synced() && !outcome.wrote() && wasSynced(current, generation)) {
      condition = previous.orElseThrow();
    } else {
      String status = outcome.synced() ? "True" : "False";
      String transition =
          previous
              .filter(c -> status.equals(c.getStatus()))
              .map(Condition::getLastTransitionTime)
              .orElse(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
      condition =
          new ConditionBuilder()
              .withType(SealedSecretConditions.SYNCED)
              .withStatus(status)
              .withReason(outcome.reason())
              .withMessage(outcome.message())
              .withObservedGeneration(generation)
              .withLastTransitionTime(transition)
              .build();
    }
    List<Condition> conditions = new ArrayList<>();
    if (current != null && current.getConditions() != null) {
      current.getConditions().stream()
          .filter(c -> !SealedSecretConditions.SYNCED.equals(c.getType()))
          .forEach(conditions::add);
    }
    conditions.add(condition);
    SealedSecretStatus next = new SealedSecretStatus();
    next.setObservedGeneration(generation);
    next.setConditions(conditions);
    return next;
  }
}
