package dev.bulwark.plan;

import dev.bulwark.api.SecurityBaseline;
import java.util.List;
import java.util.Optional;

/** Which baseline governs a namespace, and which others select it but lose on priority. */
public record Governance(Optional<SecurityBaseline> winner, List<SecurityBaseline> losers) {

  public static final Governance NONE = new Governance(Optional.empty(), List.of());
}
