package dev.bulwark.policy.hardening;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded image references for the differential test of {@link ImageReference}: registries that only
 * look like allowed ones ({@code registry.io.evil.com}, {@code docker.io.evil.com}, {@code
 * ghcr.io/acme-evil}), Docker Hub's names, upper-case, underscored and numeric hosts, ports, IPv6
 * addresses, {@code localhost}; paths with every separator and bad ones; tags at and past their
 * length limit; digests of each supported algorithm, of others, too short, upper-case; image ids;
 * and references broken by a stray character. The same seed gives the same references.
 */
public final class ImageReferenceGenerator {

  public static final long DEFAULT_SEED = 20_261_206L;

  private static final String[] DOMAINS = {
    "docker.io",
    "index.docker.io",
    "INDEX.DOCKER.IO",
    "DOCKER.IO",
    "docker.io.evil.com",
    "registry.io",
    "registry.io.evil.com",
    "ghcr.io",
    "GHCR.IO",
    "Ghcr.io",
    "localhost",
    "LOCALHOST",
    "localhost:5000",
    "localhost:",
    "Internal",
    "internal",
    "INTERNAL",
    "my_reg.io",
    "my_reg",
    "reg-istry.example.com:443",
    "-bad.com",
    "bad-.com",
    "a..b",
    "a.b.c.d.e.f",
    "127.0.0.1",
    "127.0.0.1:5000",
    "[::1]",
    "[::1]:5000",
    "[fe80::1%25eth0]",
    "[::g]",
    "host:port",
    ":5000",
    "registry.example.com:65536",
    "library",
    "acme",
    "Acme",
    "ACME",
    "a",
    "1",
    "xn--bcher-kva.example",
  };

  private static final String[] PATHS = {
    "nginx",
    "library/nginx",
    "acme/app",
    "acme-evil/app",
    "acmecorp/app",
    "acme/team/app",
    "a/b/c/d/e",
    "a__b",
    "a.b",
    "a-b",
    "a--b",
    "a_b",
    "0",
    "9app",
  };

  private static final String[] PATHS_ODD = {
    "a___b",
    "a._b",
    "App",
    "acme/App",
    "app.",
    ".app",
    "_app",
    "app-",
    "a//b",
    "a/",
    "",
    "ac me",
    "äpp",
    "acme/app/",
  };

  private static final String[] TAGS = {
    "1.27",
    "latest",
    "v1.2.3-rc.1_b",
    "UPPER",
    "_ok",
    "-bad",
    ".bad",
    "",
    "a:b",
    "1.2@x",
    "tag with"
  };

  private static final String HEX = "0123456789abcdef";

  private final SplittableRandom random;

  public ImageReferenceGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  public List<String> references(int count) {
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(next());
    }
    return out;
  }

  private String next() {
    if (random.nextInt(40) == 0) {
      return pick(
          hex(64),
          hex(64).toUpperCase(java.util.Locale.ROOT),
          "",
          " ",
          "nginx ",
          "@" + digest(),
          ":tag",
          "/",
          "a".repeat(256),
          "library/" + "a".repeat(247),
          "library/" + "a".repeat(248));
    }
    StringBuilder image = new StringBuilder();
    if (random.nextInt(4) != 0) {
      image.append(pick(DOMAINS)).append('/');
    }
    image.append(random.nextInt(30) == 0 ? "p".repeat(250 + random.nextInt(10)) : pick(PATHS));
    if (random.nextInt(2) == 0) {
      image
          .append(':')
          .append(random.nextInt(20) == 0 ? "t".repeat(127 + random.nextInt(3)) : pick(TAGS));
    }
    if (random.nextInt(3) == 0) {
      image.append('@').append(digest());
    }
    if (random.nextInt(15) == 0) {
      int at = random.nextInt(image.length() + 1);
      image.insert(at, pick(":", "/", "@", ".", "_", "-", "A", "!", "%", "::", "//"));
    }
    return image.toString();
  }

  private String digest() {
    return switch (random.nextInt(13)) {
      case 0, 1, 2, 10, 11, 12 -> "sha256:" + hex(64);
      case 3 -> "sha512:" + hex(128);
      case 4 -> "sha384:" + hex(96);
      case 5 -> "sha256:" + hex(63 + random.nextInt(3));
      case 6 -> "sha256:" + hex(64).toUpperCase(java.util.Locale.ROOT);
      case 7 -> pick("md5:", "SHA256:", "sha256+b64:", "a.b-c_d:") + hex(32);
      case 8 -> "sha512:" + hex(64);
      default -> "sha256:" + hex(random.nextInt(40));
    };
  }

  private String hex(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(HEX.charAt(random.nextInt(16)));
    }
    return out.toString();
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }
}
