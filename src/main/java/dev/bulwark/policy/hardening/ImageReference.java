package dev.bulwark.policy.hardening;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A container image reference as kubelet reads it: {@code ParseNormalizedNamed} of
 * github.com/distribution/reference v0.6.0 (containerd's {@code ParseDockerRef} starts the same
 * way). The first path component is the registry when it holds a {@code .} or a {@code :}, has an
 * upper-case letter, or is {@code localhost}; otherwise the image is on Docker Hub ({@code
 * docker.io}, also written {@code index.docker.io}), where a one-component name gets {@code
 * library/}. The whole reference must then match the grammar of that package (the patterns below,
 * the same text as its {@code regexp.go}); a repository path of more than 255 characters, a
 * 64-hex-digit string alone, and a digest that is not {@code sha256}, {@code sha384} or {@code
 * sha512} with that many lower-case hex digits are refused.
 *
 * <p>The patterns run on RE2/J, a port of Go's {@code regexp}: the same leftmost-first submatches
 * as the Go parser, in linear time (a backtracking engine overflows its stack on long hostile
 * references). The generated admission CEL ({@code dev.bulwark.admission.ImageReferenceCel})
 * matches with the very same text, as CEL's {@code matches} is RE2 too.
 *
 * @param domain the registry host (and port), {@code docker.io} for Docker Hub; empty when the
 *     first component was taken as a registry but is not a host name (as in {@code my_reg.io/app}),
 *     so that the whole name is the path, as the Go parser gives it
 * @param path the repository path, e.g. {@code library/nginx}, {@code acme/app}
 * @param tag the tag, or null
 * @param digest the digest ({@code sha256:...}), or null
 */
public record ImageReference(String domain, String path, String tag, String digest) {

  /** Docker Hub's name in normalised references. */
  public static final String DOCKER_HUB = "docker.io";

  /** Docker Hub's old name, normalised to {@link #DOCKER_HUB}. */
  public static final String LEGACY_DOCKER_HUB = "index.docker.io";

  /** Prefix of Docker Hub's official images. */
  public static final String OFFICIAL_PREFIX = "library/";

  /** {@code RepositoryNameTotalLengthMax}. */
  public static final int MAX_PATH_LENGTH = 255;

  private static final String ALPHANUMERIC = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}";
  private static final String PATH_COMPONENT =
      ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
  private static final String REMOTE_NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";

  /** A registry host (name or bracketed IPv6 address) with an optional port. */
  public static final String DOMAIN_AND_PORT =
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|" + IPV6 + ")(?::[0-9]+)?";

  /** A whole reference: name (group 1), tag (group 2), digest (group 3). */
  public static final String REFERENCE =
      "^((?:"
          + DOMAIN_AND_PORT
          + "/)?"
          + REMOTE_NAME
          + ")(?::("
          + TAG
          + "))?(?:@("
          + DIGEST
          + "))?$";

  /** A 64-hex-digit string, which is an image id, not a name. */
  public static final String IDENTIFIER = "^[a-f0-9]{64}$";

  /**
   * A digest go-digest's {@code Validate} accepts with sha256 and sha512 linked in (as they are in
   * kubelet and containerd): the algorithm, then exactly as many lower-case hex digits as the hash
   * has.
   */
  public static final String SUPPORTED_DIGEST =
      "^(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$";

  private static final Pattern REFERENCE_PATTERN = Pattern.compile(REFERENCE);
  private static final Pattern NAME_PATTERN =
      Pattern.compile("^(?:(" + DOMAIN_AND_PORT + ")/)?(" + REMOTE_NAME + ")$");
  private static final Pattern IDENTIFIER_PATTERN = Pattern.compile(IDENTIFIER);
  private static final Pattern SUPPORTED_DIGEST_PATTERN = Pattern.compile(SUPPORTED_DIGEST);

  /** How many distinct references {@link #parse} remembers (the first ones met; never evicted). */
  private static final int REMEMBERED = 4_096;

  private static final Map<String, Optional<ImageReference>> KNOWN = new ConcurrentHashMap<>();

  /**
   * The reference {@code image} names; empty when the runtime would refuse it. The result of up to
   * {@value #REMEMBERED} references of up to 512 characters is remembered: a repository or a
   * cluster uses few distinct images many times, and RE2's matching is not cheap.
   */
  public static Optional<ImageReference> parse(String image) {
    if (image == null) {
      return Optional.empty();
    }
    Optional<ImageReference> known = KNOWN.get(image);
    if (known == null) {
      known = read(image);
      if (image.length() <= 512 && KNOWN.size() < REMEMBERED) {
        KNOWN.put(image, known);
      }
    }
    return known;
  }

  private static Optional<ImageReference> read(String image) {
    if (IDENTIFIER_PATTERN.matcher(image).matches()) {
      return Optional.empty();
    }
    String domain = DOCKER_HUB;
    String remainder = OFFICIAL_PREFIX + image;
    int slash = image.indexOf('/');
    if (slash >= 0) {
      String first = image.substring(0, slash);
      remainder = image.substring(slash + 1);
      if (first.equals(LEGACY_DOCKER_HUB)) {
        first = DOCKER_HUB;
      } else if (!isRegistry(first)) {
        first = DOCKER_HUB;
        remainder = image;
      }
      domain = first;
      if (domain.equals(DOCKER_HUB) && remainder.indexOf('/') < 0) {
        remainder = OFFICIAL_PREFIX + remainder;
      }
    }
    int colon = remainder.indexOf(':');
    String remote = colon < 0 ? remainder : remainder.substring(0, colon);
    if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
      return Optional.empty();
    }
    Matcher reference = REFERENCE_PATTERN.matcher(domain + "/" + remainder);
    if (!reference.matches()) {
      return Optional.empty();
    }
    Matcher name = NAME_PATTERN.matcher(reference.group(1));
    if (!name.matches() || name.group(2).length() > MAX_PATH_LENGTH) {
      return Optional.empty();
    }
    String digest = reference.group(3);
    if (digest != null && !SUPPORTED_DIGEST_PATTERN.matcher(digest).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new ImageReference(
            name.group(1) == null ? "" : name.group(1), name.group(2), reference.group(2), digest));
  }

  /** Whether the first component of a name is a registry ({@code splitDockerDomain}). */
  static boolean isRegistry(String first) {
    return first.equals("localhost")
        || first.contains(".")
        || first.contains(":")
        || !first.toLowerCase(Locale.ROOT).equals(first);
  }

  /** {@code domain/path}, the repository without tag or digest. */
  public String repository() {
    return domain.isEmpty() ? path : domain + "/" + path;
  }
}
