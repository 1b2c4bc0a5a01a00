package dev.bulwark.policy;

import dev.bulwark.text.BoundedText;

/**
 * The container a finding is in: its name and which list of the pod spec holds it, so a report can
 * say "ephemeral container debugger" where the API server's message says only "container".
 *
 * @param kind the list: init, regular or ephemeral containers
 * @param name the container's name ("" when the spec leaves it out; {@link #describe()} cuts it to
 *     {@link BoundedText#VALUE} bytes)
 */
public record ContainerRef(ContainerView.Kind kind, String name) {

  /** {@code container "app"}, {@code init container "setup"}, {@code ephemeral container "dbg"}. */
  public String describe() {
    String quoted = "\"" + BoundedText.value(name) + "\"";
    return switch (kind) {
      case INIT -> "init container " + quoted;
      case REGULAR -> "container " + quoted;
      case EPHEMERAL -> "ephemeral container " + quoted;
    };
  }
}
