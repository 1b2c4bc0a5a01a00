package dev.bulwark.admission;

import dev.bulwark.policy.hardening.AllowedRegistry;
import dev.bulwark.policy.hardening.ImageReference;
import java.util.List;

/**
 * {@link ImageReference#parse} as a CEL expression over a container {@code c}, for the generated
 * admission policies: the same steps ({@code splitDockerDomain}, the lower-case check of the
 * repository, then the grammar of github.com/distribution/reference with the very pattern text the
 * engine compiles, the path length and the digest), written with Kubernetes' CEL string functions.
 * The admission parity oracle (AdmissionParityIT) checks that both agree on every generated image.
 *
 * <p>The expression is a list with one element, the parsed reference as {@code [domain, path,
 * digest]} ({@code digest} empty when there is none), or an empty list when the runtime refuses the
 * reference; a list's {@code map} stands in for a variable binding.
 */
final class ImageReferenceCel {

  /** The container's image, empty when absent. */
  static final String IMAGE = "(has(c.image) ? string(c.image) : '')";

  private ImageReferenceCel() {}

  /** {@code [[domain, path, digest]]}, or {@code [[]]} when the reference is refused. */
  static String parsed() {
    return "["
        + IMAGE
        + "]"
        // [first component, rest, whole]; no slash: Docker Hub's official image.
        + ".map(i, i.indexOf('/') < 0 ? ['docker.io', 'library/' + i, i]"
        + " : [i.substring(0, i.indexOf('/')), i.substring(i.indexOf('/') + 1), i])"
        // [domain, remainder]
        + ".map(p, !string(p[2]).contains('/') ? [string(p[0]), string(p[1])]"
        + " : p[0] == 'index.docker.io' ? ['docker.io', string(p[1])]"
        + " : (p[0] == 'localhost' || string(p[0]).contains('.') || string(p[0]).contains(':')"
        + " || string(p[0]).lowerAscii() != string(p[0])) ? [string(p[0]), string(p[1])]"
        + " : ['docker.io', string(p[2])])"
        + ".map(p, p[0] == 'docker.io' && !p[1].contains('/') ? [p[0], 'library/' + p[1]] : p)"
        // [domain, remainder, its name part (no tag, no digest), digest]
        + ".map(p, [p[0], p[1], (p[1].indexOf('@') < 0 ? p[1] : p[1].substring(0,"
        + " p[1].indexOf('@'))).split(':')[0], p[1].indexOf('@') < 0 ? '' :"
        + " p[1].substring(p[1].indexOf('@') + 1)])"
        + ".map(p, "
        + ImageReferenceCel.validity()
        + " ? (p[0].matches("
        + CelText.string("^" + ImageReference.DOMAIN_AND_PORT + "$")
        + ") ? [p[0], p[2], p[3]] : ['', p[0] + '/' + p[2], p[3]]) : [])"
        + ".map(r, size(r) == 3 && size(r[1]) > "
        + ImageReference.MAX_PATH_LENGTH
        + " ? [] : r)";
  }

  /** The checks on {@code p = [domain, remainder, name part, digest]} before the split. */
  private static String validity() {
    return "!"
        + IMAGE
        + ".matches("
        + CelText.string(ImageReference.IDENTIFIER)
        + ") && p[1].split(':')[0].lowerAscii() == p[1].split(':')[0]"
        + " && (p[0] + '/' + p[1]).matches("
        + CelText.string(ImageReference.REFERENCE)
        + ") && (p[3] == '' || p[3].matches("
        + CelText.string(ImageReference.SUPPORTED_DIGEST)
        + "))";
  }

  /** True when the image is pinned by a digest. */
  static String pinned() {
    return parsed() + ".all(r, size(r) == 3 && r[2] != '')";
  }

  /** True when the image comes from one of {@code allowed}. */
  static String allowed(List<AllowedRegistry> allowed) {
    StringBuilder entries = new StringBuilder("[");
    for (AllowedRegistry entry : allowed) {
      if (entries.length() > 1) {
        entries.append(", ");
      }
      entries.append(CelText.strings(List.of(entry.host(), entry.pathPrefix())));
    }
    entries.append("]");
    return parsed()
        + ".all(r, size(r) == 3 && "
        + entries
        + ".exists(e, r[0] == e[0] && (e[1] == '' || r[1] == e[1]"
        + " || r[1].startsWith(e[1] + '/'))))";
  }

  /**
   * The message part naming where the image comes from: {@code pulls from "<domain>"}, or that the
   * runtime refuses the reference.
   */
  static String source() {
    return parsed()
        + ".map(r, size(r) == 3 ? 'pulls from \"' + r[0] + '\"'"
        + " : 'has an image reference the runtime refuses')[0]";
  }
}
