package dev.bulwark.operator.baseline;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds metav1.Condition lists where lastTransitionTime moves only when a condition's status
 * changes, so an unchanged baseline produces an identical status and no write.
 */
final class Conditions {

  private final List<Condition> previous;
  private final List<Condition> next = new ArrayList<>();
  private final long generation;
  private final Instant now;

  Conditions(List<Condition> previous, long generation, Instant now) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation;
    this.now = now;
  }

  Conditions set(String type, boolean status, String reason, String message) {
    return put(type, status ? "True" : "False", reason, message);
  }

  /** Sets {@code type} to Unknown (replacing what was set): its truth cannot be told now. */
  Conditions unknown(String type, String reason, String message) {
    return put(type, "Unknown", reason, message);
  }

  private Conditions put(String type, String value, String reason, String message) {
    String transition =
        previous.stream()
            .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(now.toString());
    Condition condition =
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build();
    for (int i = 0; i < next.size(); i++) {
      if (type.equals(next.get(i).getType())) {
        next.set(i, condition);
        return this;
      }
    }
    next.add(condition);
    return this;
  }

  /** Whether {@code type} was False or absent before and is True now. */
  boolean becameTrue(String type) {
    boolean was =
        previous.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    boolean is =
        next.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    return is && !was;
  }

  List<Condition> build() {
    return List.copyOf(next);
  }
}
