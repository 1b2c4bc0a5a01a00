package dev.bulwark.plan;

import dev.bulwark.api.ExceptionSpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A baseline's exceptions as of one instant: which apply, which have expired, and when the next one
 * expires (so the operator requeues for that moment instead of polling).
 */
public final class ActiveExceptions {

  private final List<ExceptionSpec> active = new ArrayList<>();
  private final List<ExceptionSpec> expired = new ArrayList<>();
  private Instant nextExpiry;

  private ActiveExceptions() {}

  /** Sorts {@code exceptions} into active and expired at {@code now}. */
  public static ActiveExceptions at(List<ExceptionSpec> exceptions, Instant now) {
    ActiveExceptions result = new ActiveExceptions();
    for (ExceptionSpec exception : exceptions == null ? List.<ExceptionSpec>of() : exceptions) {
      Optional<Instant> expires = expiry(exception);
      if (expires.isPresent() && !expires.get().isAfter(now)) {
        result.expired.add(exception);
      } else {
        result.active.add(exception);
        expires.ifPresent(
            at -> {
              if (result.nextExpiry == null || at.isBefore(result.nextExpiry)) {
                result.nextExpiry = at;
              }
            });
      }
    }
    return result;
  }

  /** Whether an active exception covers {@code check} for an object in {@code namespace}. */
  public boolean covers(String check, String namespace, Map<String, String> objectLabels) {
    for (ExceptionSpec exception : active) {
      if (exception.checks.contains(check)
          && (exception.namespaces.isEmpty() || exception.namespaces.contains(namespace))
          && LabelSelectors.matches(exception.selector, objectLabels)) {
        return true;
      }
    }
    return false;
  }

  /** The exceptions in force, in spec order. */
  public List<ExceptionSpec> active() {
    return List.copyOf(active);
  }

  /** When the earliest active exception expires, if any does. */
  public Optional<Instant> nextExpiry() {
    return Optional.ofNullable(nextExpiry);
  }

  /** Active exceptions described for status, e.g. {@code runAsNonRoot: JIRA-123}. */
  public List<String> describeActive() {
    return active.stream().map(e -> String.join(",", e.checks) + ": " + e.reason).toList();
  }

  /** Expired exceptions described for status, with their expiry time. */
  public List<String> describeExpired() {
    return expired.stream()
        .map(e -> String.join(",", e.checks) + ": " + e.reason + " (expired " + e.expires + ")")
        .toList();
  }

  /** The expiry of {@code exception}; empty when it never expires or cannot be parsed. */
  static Optional<Instant> expiry(ExceptionSpec exception) {
    if (exception.expires == null || exception.expires.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(exception.expires));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
