package dev.bulwark.policy.hardening;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.ContainerView;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.PodTarget;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import dev.bulwark.text.BoundedText;

/**
 * A tag can be moved to other content; only a digest pins what runs. Pinned: a reference the
 * runtime accepts ({@link ImageReference#parse}) with a digest, with or without a tag (the runtime
 * pulls by the digest then).
 */
final class ImageDigest implements HardeningCheck {

  private static final CheckInfo INFO =
      new CheckInfo(
          HardeningCheckIds.IMAGE_DIGEST,
          Standard.BULWARK,
          null,
          Severity.MEDIUM,
          "Image not pinned by digest",
          "Reference images by digest: registry/app@sha256:<digest>.",
          "5.5.1");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public void check(PodView pod, PodTarget target, FindingSink sink) {
    for (ContainerView c : pod.containers()) {
      String image = c.image();
      if (ImageReference.parse(image).map(ImageReference::digest).isEmpty()) {
        sink.add(
            INFO.finding(
                "image not pinned by digest ("
                    + c.describe()
                    + " uses image \""
                    + (image == null ? "" : BoundedText.value(image))
                    + "\")",
                c,
                "image"));
      }
    }
  }
}
