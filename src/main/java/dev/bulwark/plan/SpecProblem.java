package dev.bulwark.plan;

/** One reason a baseline spec cannot be applied, naming the field. */
public record SpecProblem(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
