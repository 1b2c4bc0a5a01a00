package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One shard of the images a baseline's vulnerability policy refuses or warns about. */
public class VulnerableImageSetSpec {

  @JsonPropertyDescription("The SecurityBaseline whose policy reads this object.")
  @Required
  public String baseline = "";

  @JsonPropertyDescription(
      "Deny: the policy's Deny binding reads it; Warn: its Warn binding (images in their preview"
          + " period, or every image in Audit mode).")
  @Required
  public VulnerableImageAction action = VulnerableImageAction.Deny;

  @JsonPropertyDescription(
      "Images by key: an image digest (sha256:...) or a normalised reference"
          + " (registry/repository:tag, e.g. docker.io/library/nginx:1.16), each with why it is"
          + " refused.")
  @Required
  public Map<String, VulnerableImage> images = new TreeMap<>();

  @Override
  public boolean equals(Object o) {
    return o instanceof VulnerableImageSetSpec s
        && Objects.equals(baseline, s.baseline)
        && action == s.action
        && Objects.equals(images, s.images);
  }

  @Override
  public int hashCode() {
    return Objects.hash(baseline, action, images);
  }
}
