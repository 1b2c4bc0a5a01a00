package dev.bulwark.policy.vulnerabilities;

import dev.bulwark.policy.hardening.ImageReference;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that turns image references into the keys vulnerabilities are matched by, in audit
 * and (through its CEL twin {@code dev.bulwark.admission.ImageKeyCel}) at admission: an image
 * pinned by digest is its digest ({@code sha256:...}), the content the runtime pulls whatever the
 * tag says; any other image is its normalised reference {@code registry/repository:tag}.
 *
 * <p>References are read by {@link ImageReference#parse}, as github.com/distribution/reference
 * reads them (and so the runtime): the first path component is the registry when it has a dot, a
 * colon or an upper-case letter or is {@code localhost}, else the image is on Docker Hub ({@code
 * docker.io}; {@code index.docker.io}, the name Trivy reports it by, is the same), where a
 * one-component repository gets {@code library/}; a missing tag is {@code latest}. A reference the
 * runtime refuses has no key.
 */
public final class ImageKey {

  private ImageKey() {}

  /**
   * The key of {@code image} as a container names it: its digest when it has one, else {@code
   * registry/repository:tag}; empty for a missing image or one the runtime refuses.
   */
  public static Optional<String> ofImage(String image) {
    return ImageReference.parse(image).map(ImageKey::key);
  }

  /**
   * The keys a scanned artifact is known by: its digest when the report has one, and its normalised
   * reference when the report names a tag (or neither a tag nor a digest, which means {@code
   * latest}). {@code server} may be empty (Docker Hub).
   */
  public static Set<String> ofArtifact(
      String server, String repository, String tag, String digest) {
    Set<String> keys = new LinkedHashSet<>();
    boolean hasDigest = digest != null && !digest.isBlank();
    if (hasDigest) {
      keys.add(digest);
    }
    boolean hasTag = tag != null && !tag.isBlank();
    if (repository != null && !repository.isBlank() && (hasTag || !hasDigest)) {
      String name = server == null || server.isBlank() ? repository : server + "/" + repository;
      ImageReference.parse(name + ":" + (hasTag ? tag : "latest"))
          .ifPresent(reference -> keys.add(key(reference)));
    }
    return keys;
  }

  private static String key(ImageReference reference) {
    if (reference.digest() != null) {
      return reference.digest();
    }
    return reference.repository() + ":" + (reference.tag() == null ? "latest" : reference.tag());
  }
}
