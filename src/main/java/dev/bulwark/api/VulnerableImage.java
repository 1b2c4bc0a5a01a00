package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * One image of a {@link VulnerableImageSet}.
 *
 * @param reason the admission message's detail: counts and the first vulnerability ids with their
 *     fixed versions, and the report it comes from
 * @param refusedFrom in a Warn shard of an Enforce baseline, when the image moves to Deny (RFC
 *     3339); absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VulnerableImage(
    @JsonPropertyDescription(
            "Why it is refused: severity counts above the limit and the first vulnerability ids"
                + " with their fixed versions, from the named VulnerabilityReport.")
        @Required
        String reason,
    @JsonPropertyDescription(
            "When a warned image starts being refused (RFC 3339); only in Warn shards of Enforce"
                + " baselines.")
        String refusedFrom) {}
