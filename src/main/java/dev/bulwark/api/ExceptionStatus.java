package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Which of a baseline's exceptions apply now and which have expired. */
public record ExceptionStatus(
    @JsonPropertyDescription("Exceptions in force, as 'checks: reason'.") List<String> active,
    @JsonPropertyDescription("Exceptions past their expiry, as 'checks: reason (expired at)'.")
        List<String> expired) {

  public ExceptionStatus() {
    this(List.of(), List.of());
  }
}
