package dev.bulwark.operator.namespace;

import java.util.List;

/**
 * What one enforcement pass did in a namespace.
 *
 * @param changes one line per write (what, where, why), empty when already in sync
 * @param tightenedWarnings the API server's warnings when enforcement was tightened, else empty
 * @param tightened whether the Pod Security enforce level or version became stricter
 */
record EnforcementOutcome(
    List<String> changes, List<String> tightenedWarnings, boolean tightened) {}
