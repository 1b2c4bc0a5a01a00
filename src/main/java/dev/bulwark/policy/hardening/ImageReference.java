package dev.bulwark.policy.hardening;

/**
 * A container image reference split the way container runtimes resolve it: the first path component
 * is a registry only if it looks like a host (has a dot or a port, or is localhost); otherwise the
 * image lives on Docker Hub.
 *
 * @param registry e.g. {@code ghcr.io}, {@code docker.io}
 * @param repository e.g. {@code org/app}, {@code library/nginx}
 */
record ImageReference(String registry, String repository) {

  static final String DOCKER_HUB = "docker.io";

  static ImageReference parse(String image) {
    String name = image == null ? "" : image;
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    int slash = name.indexOf('/');
    String registry = DOCKER_HUB;
    String path = name;
    if (slash > 0) {
      String first = name.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        path = name.substring(slash + 1);
      }
    }
    int colon = path.lastIndexOf(':');
    if (colon >= 0) {
      path = path.substring(0, colon);
    }
    if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
      path = "library/" + path;
    }
    return new ImageReference(registry, path);
  }

  /**
   * Whether this image comes from {@code allowed}: a registry ({@code ghcr.io}) or a registry with
   * a path prefix ({@code ghcr.io/my-org}).
   */
  boolean isFrom(String allowed) {
    String entry = allowed.endsWith("/") ? allowed.substring(0, allowed.length() - 1) : allowed;
    if (entry.equals(registry)) {
      return true;
    }
    String full = registry + "/" + repository;
    return full.equals(entry) || full.startsWith(entry + "/");
  }
}
