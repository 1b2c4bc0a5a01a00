package dev.bulwark.policy.hardening;

/**
 * One entry of a baseline's {@code images.allowedRegistries}: a registry host (with its port, if
 * any) and an optional repository path prefix, as in {@code ghcr.io}, {@code localhost:5000} or
 * {@code ghcr.io/acme}. {@code index.docker.io} is read as {@code docker.io}, as image references
 * are. The host is compared as written (a registry named {@code GHCR.IO} is not {@code ghcr.io} to
 * the runtime's host configuration either); the prefix matches whole path components, so {@code
 * ghcr.io/acme} admits {@code ghcr.io/acme/app} but not {@code ghcr.io/acme-evil/app}. Official
 * Docker Hub images are under {@code docker.io/library}.
 *
 * @param host e.g. {@code ghcr.io}
 * @param pathPrefix e.g. {@code acme}; empty for the whole registry
 */
public record AllowedRegistry(String host, String pathPrefix) {

  /** The entry as written in a baseline ({@code host} or {@code host/path}, trailing slash ok). */
  public static AllowedRegistry parse(String entry) {
    String trimmed = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
    int slash = trimmed.indexOf('/');
    String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
    String prefix = slash < 0 ? "" : trimmed.substring(slash + 1);
    if (host.equals(ImageReference.LEGACY_DOCKER_HUB)) {
      host = ImageReference.DOCKER_HUB;
    }
    return new AllowedRegistry(host, prefix);
  }

  /** Whether {@code image} is pulled from this registry (and under this path prefix). */
  public boolean admits(ImageReference image) {
    if (!image.domain().equals(host)) {
      return false;
    }
    return pathPrefix.isEmpty()
        || image.path().equals(pathPrefix)
        || image.path().startsWith(pathPrefix + "/");
  }
}
