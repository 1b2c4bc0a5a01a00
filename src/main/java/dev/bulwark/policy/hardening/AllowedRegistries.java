package dev.bulwark.policy.hardening;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.ContainerView;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.PodTarget;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import java.util.List;

/** Images must come from the registries the baseline trusts; an empty list trusts none. */
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

  AllowedRegistries(List<String> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public void check(PodView pod, PodTarget target, FindingSink sink) {
    for (ContainerView c : pod.containers()) {
      ImageReference image = ImageReference.parse(c.image());
      boolean ok = false;
      for (String entry : allowed) {
        if (image.isFrom(entry)) {
          ok = true;
          break;
        }
      }
      if (!ok) {
        sink.add(
            INFO.finding(
                "registry not allowed ("
                    + c.describe()
                    + " pulls from \""
                    + image.registry()
                    + "\"; allowed: "
                    + (allowed.isEmpty() ? "none" : String.join(", ", allowed))
                    + ")",
                c,
                "image"));
      }
    }
  }
}
