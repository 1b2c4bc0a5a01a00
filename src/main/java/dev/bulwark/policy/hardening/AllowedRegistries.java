package dev.bulwark.policy.hardening;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.ContainerView;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.PodTarget;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import dev.bulwark.text.BoundedText;
import java.util.List;
import java.util.Optional;

/**
 * Images must come from the registries the baseline trusts; an empty list trusts none. An image
 * reference the runtime would refuse ({@link ImageReference#parse} is empty) comes from nowhere
 * trusted.
 */
final class AllowedRegistries implements HardeningCheck {

  static final CheckInfo INFO =
      new CheckInfo(
          HardeningCheckIds.ALLOWED_REGISTRIES,
          Standard.BULWARK,
          null,
          Severity.HIGH,
          "Image from a registry that is not allowed",
          "Pull images only from the allowed registries (mirror the image there if needed).",
          "5.5.1");

  private final List<String> allowed;
  private final List<AllowedRegistry> entries;

  AllowedRegistries(List<String> allowed) {
    this.allowed = List.copyOf(allowed);
    this.entries = this.allowed.stream().map(AllowedRegistry::parse).toList();
  }

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public void check(PodView pod, PodTarget target, FindingSink sink) {
    for (ContainerView c : pod.containers()) {
      Optional<ImageReference> image = ImageReference.parse(c.image());
      if (image.isEmpty() || entries.stream().noneMatch(e -> e.admits(image.get()))) {
        sink.add(
            INFO.finding(
                "registry not allowed ("
                    + c.describe()
                    + (image.isEmpty()
                        ? " has an image reference the runtime refuses"
                        : " pulls from \"" + BoundedText.value(image.get().domain()) + "\"")
                    + "; allowed: "
                    + (allowed.isEmpty() ? "none" : String.join(", ", allowed))
                    + ")",
                c,
                "image"));
      }
    }
  }
}
