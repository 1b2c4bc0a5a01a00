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

  /**
   * Until when active exceptions cover {@code check} for an object in {@code namespace} with {@code
   * objectLabels}: empty when none covers it (it counts now), {@link Instant#MAX} when one that
   * never expires does, else the latest expiry among those that cover it (it counts from then).
   */
  public Optional<Instant> coveredUntil(
      String check, String namespace, Map<String, String> objectLabels) {
    Instant until = null;
    for (ExceptionSpec exception : active) {
      if (exception.checks.contains(check)
          && (exception.namespaces.isEmpty() || exception.namespaces.contains(namespace))
          && LabelSelectors.matches(exception.selector, objectLabels)) {
        Instant end = expiry(exception).orElse(Instant.MAX);
        until = until == null || end.isAfter(until) ? end : until;
      }
    }
    return Optional.ofNullable(until);
  }

  /**
   * These exceptions without the checks {@code ignored} (exceptions that cannot work, see {@link
   * ImpossibleExceptions}): an exception naming only ignored checks is dropped from {@link
   * #active()} and {@link #covers}, one naming others keeps those.
   */
  public ActiveExceptions without(java.util.Set<String> ignored) {
    if (ignored.isEmpty()) {
      return this;
    }
    ActiveExceptions result = new ActiveExceptions();
    result.expired.addAll(expired);
    result.nextExpiry = nextExpiry;
    for (ExceptionSpec exception : active) {
      List<String> kept = exception.checks.stream().filter(c -> !ignored.contains(c)).toList();
      if (kept.size() == exception.checks.size()) {
        result.active.add(exception);
      } else if (!kept.isEmpty()) {
        ExceptionSpec narrowed = new ExceptionSpec();
        narrowed.checks = new ArrayList<>(kept);
        narrowed.namespaces = exception.namespaces;
        narrowed.selector = exception.selector;
        narrowed.reason = exception.reason;
        narrowed.expires = exception.expires;
        result.active.add(narrowed);
      }
    }
    return result;
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
