package dev.bulwark.admission;

/**
 * {@link dev.bulwark.policy.vulnerabilities.ImageKey#ofImage} as a CEL expression over a container
 * {@code c}, for the generated imageVulnerabilities policy: the reference read by {@link
 * ImageReferenceCel#parsed()} (the CEL twin of the distribution/reference parser), then its digest,
 * or {@code domain/path:tag} with the tag after the last path segment's colon ({@code latest} when
 * there is none); the empty string, which no parameter holds, for a reference the runtime refuses.
 * {@code VulnerableImagesIT} checks on the API server that both give the same key for every
 * spelling of an image it tries.
 */
final class ImageKeyCel {

  /** The container's image, empty when absent. */
  static final String IMAGE = ImageReferenceCel.IMAGE;

  private ImageKeyCel() {}

  /** The key of {@code c}'s image: its digest, or {@code registry/repository:tag}. */
  static String key() {
    // A list's map stands in for a variable binding.
    String tag =
        "["
            + IMAGE
            + ".split('@')[0]].map(n, n.substring(n.lastIndexOf('/') + 1))"
            + ".map(s, s.contains(':') ? s.substring(s.indexOf(':') + 1) : 'latest')[0]";
    return ImageReferenceCel.parsed()
        + ".map(r, size(r) != 3 ? '' : r[2] != '' ? string(r[2])"
        + " : (r[0] == '' ? string(r[1]) : string(r[0]) + '/' + string(r[1])) + ':' + "
        + tag
        + ")[0]";
  }
}
