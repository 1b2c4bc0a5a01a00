package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One warning the API server gave when a namespace's Pod Security enforcement was tightened: an
 * existing pod the new level would reject (from a server-side dry-run of the new labels).
 */
public record EnforcementWarning(
    @JsonPropertyDescription("Namespace whose enforcement was tightened.") String namespace,
    @JsonPropertyDescription("The API server's warning, naming the pod and what it violates.")
        String message) {}
