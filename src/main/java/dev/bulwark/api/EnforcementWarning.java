package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.bulwark.text.BoundedText;

/**
 * One warning the API server gave when a namespace's Pod Security enforcement was tightened: an
 * existing pod the new level would reject (from a server-side dry-run of the new labels). The
 * message is cut to {@value #MESSAGE_BYTES} bytes: it names pods and what they run.
 */
public record EnforcementWarning(
    @JsonPropertyDescription("Namespace whose enforcement was tightened.") String namespace,
    @JsonPropertyDescription("The API server's warning, naming the pod and what it violates.")
        String message) {

  /** Longest message kept, in UTF-8 bytes (100 warnings fit in a small status). */
  public static final int MESSAGE_BYTES = 512;

  public EnforcementWarning {
    namespace = BoundedText.name(namespace);
    message = BoundedText.cut(message, MESSAGE_BYTES);
  }
}
