package dev.bulwark.admission;

/**
 * {@link dev.bulwark.policy.vulnerabilities.ImageKey#ofImage} as a CEL expression over a container
 * {@code c}, for the generated imageVulnerabilities policy: the same steps (digest after {@code @};
 * else the registry split, {@code index.docker.io} as {@code docker.io}, the tag after the last
 * colon or {@code latest}, {@code library/} for a one-component Docker Hub repository). Kept next
 * to its Java twin's rule, both to be replaced by the distribution/reference parser of issue 22;
 * {@code VulnerableImagesIT} checks on the API server that both give the same key for every image
 * it tries.
 */
final class ImageKeyCel {

  /** The container's image, empty when absent. */
  static final String IMAGE = "(has(c.image) ? string(c.image) : '')";

  private ImageKeyCel() {}

  /** The key of {@code c}'s image: its digest, or {@code registry/repository:tag}. */
  static String key() {
    // A list's map stands in for a variable binding; string(...) pins element types (dyn
    // otherwise).
    return "["
        + IMAGE
        + "].map(i, i.contains('@') ? i.substring(i.indexOf('@') + 1) : ["
        // [registry, rest]
        + "(i.indexOf('/') > 0 && (i.substring(0, i.indexOf('/')).contains('.')"
        + " || i.substring(0, i.indexOf('/')).contains(':')"
        + " || i.substring(0, i.indexOf('/')) == 'localhost'))"
        + " ? [i.substring(0, i.indexOf('/')), i.substring(i.indexOf('/') + 1)]"
        + " : ['docker.io', i]]"
        + ".map(p, [string(p[0]) == 'index.docker.io' ? 'docker.io' : string(p[0]), string(p[1])])"
        // [registry, repository, tag]
        + ".map(p, p[1].lastIndexOf(':') >= 0"
        + " ? [p[0], p[1].substring(0, p[1].lastIndexOf(':')),"
        + " p[1].substring(p[1].lastIndexOf(':') + 1)]"
        + " : [p[0], p[1], 'latest'])"
        + ".map(p, p[0] + '/' + (p[0] == 'docker.io' && !p[1].contains('/')"
        + " ? 'library/' + p[1] : p[1]) + ':' + p[2])[0])[0]";
  }
}
