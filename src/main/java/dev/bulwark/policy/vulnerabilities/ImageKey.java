package dev.bulwark.policy.vulnerabilities;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that turns image references into the keys vulnerabilities are matched by, in audit
 * and (through its CEL twin {@code dev.bulwark.admission.ImageKeyCel}) at admission: an image
 * pinned by digest is its digest ({@code sha256:...}), the content the runtime pulls whatever the
 * tag says; any other image is its normalised reference {@code registry/repository:tag}.
 *
 * <p>Normalisation follows the split {@code dev.bulwark.policy.hardening.ImageReference} makes
 * today: the first path component is the registry when it has a dot or a colon or is {@code
 * localhost}, else the image is on Docker Hub ({@code docker.io}, where a one-component repository
 * gets {@code library/}); {@code index.docker.io}, the name Trivy reports Docker Hub by, is {@code
 * docker.io}; a missing tag is {@code latest}. To be replaced, with its CEL twin, by the parser
 * equal to github.com/distribution/reference (issue 22) when that lands.
 */
public final class ImageKey {

  /** Docker Hub in normalised references. */
  public static final String DOCKER_HUB = "docker.io";

  /** Docker Hub's other name, as Trivy reports it in {@code report.registry.server}. */
  public static final String LEGACY_DOCKER_HUB = "index.docker.io";

  private ImageKey() {}

  /**
   * The key of {@code image} as a container names it: its digest when it has one, else {@code
   * registry/repository:tag}; empty for a missing or blank image.
   */
  public static Optional<String> ofImage(String image) {
    if (image == null || image.isBlank()) {
      return Optional.empty();
    }
    int at = image.indexOf('@');
    if (at >= 0) {
      return Optional.of(image.substring(at + 1));
    }
    return Optional.of(reference(image));
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
      keys.add(reference(name + ":" + (hasTag ? tag : "latest")));
    }
    return keys;
  }

  /** {@code registry/repository:tag} of a reference without digest. */
  private static String reference(String name) {
    String registry = DOCKER_HUB;
    String path = name;
    int slash = name.indexOf('/');
    if (slash > 0) {
      String first = name.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first.equals(LEGACY_DOCKER_HUB) ? DOCKER_HUB : first;
        path = name.substring(slash + 1);
      }
    }
    String tag = "latest";
    int colon = path.lastIndexOf(':');
    if (colon >= 0) {
      tag = path.substring(colon + 1);
      path = path.substring(0, colon);
    }
    if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
      path = "library/" + path;
    }
    return registry + "/" + path + ":" + tag;
  }
}
