package dev.bulwark.operator.baseline;

import dev.bulwark.text.BoundedText;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds metav1.Condition lists where lastTransitionTime moves only when a condition's status
 * changes, so an unchanged baseline produces an identical status and no write. Messages are cut to
 * {@link BoundedText#MESSAGE} bytes.
 *
 * <p>Every condition carries the generation set by {@link #observedGeneration} (the last one every
 * selected namespace applied, see {@link StatusAggregator}), except those set with {@link #setAt},
 * which describe a generation of their own (the Invalid condition describes the spec it validated).
 */
final class Conditions {

  static final String TRUE = "True";
  static final String FALSE = "False";
  static final String UNKNOWN = "Unknown";

  private final List<Condition> previous;
  private final Map<String, Condition> next = new LinkedHashMap<>();
  private final Map<String, Long> pinned = new HashMap<>();
  private final Instant now;
  private Long observedGeneration;

  Conditions(List<Condition> previous, Instant now) {
    this.previous = previous == null ? List.of() : previous;
    this.now = now;
  }

  /** The generation the conditions describe; null (left out) while none is applied yet. */
  Conditions observedGeneration(Long generation) {
    this.observedGeneration = generation;
    return this;
  }

  Conditions set(String type, boolean status, String reason, String message) {
    return put(type, status ? TRUE : FALSE, reason, message);
  }

  /** Sets {@code type} to Unknown: its truth cannot be told now. */
  Conditions unknown(String type, String reason, String message) {
    return put(type, UNKNOWN, reason, message);
  }

  /** As {@link #set}, describing {@code generation} whatever {@link #observedGeneration} says. */
  Conditions setAt(long generation, String type, boolean status, String reason, String message) {
    pinned.put(type, generation);
    return set(type, status, reason, message);
  }

  private Conditions put(String type, String value, String reason, String message) {
    String transition =
        previous.stream()
            .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(now.toString());
    next.put(
        type,
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(BoundedText.message(message))
            .withLastTransitionTime(transition)
            .build());
    return this;
  }

  /** Whether {@code type} was False, Unknown or absent before and is True now. */
  boolean becameTrue(String type) {
    boolean was =
        previous.stream().anyMatch(c -> type.equals(c.getType()) && TRUE.equals(c.getStatus()));
    Condition is = next.get(type);
    return is != null && TRUE.equals(is.getStatus()) && !was;
  }

  /** The message of {@code type} as set, or null when it was not set. */
  String message(String type) {
    Condition condition = next.get(type);
    return condition == null ? null : condition.getMessage();
  }

  List<Condition> build() {
    List<Condition> built = new ArrayList<>();
    for (Condition condition : next.values()) {
      built.add(
          new ConditionBuilder(condition)
              .withObservedGeneration(pinned.getOrDefault(condition.getType(), observedGeneration))
              .build());
    }
    return List.copyOf(built);
  }
}
