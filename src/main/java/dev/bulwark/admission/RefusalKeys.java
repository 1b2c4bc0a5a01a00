package dev.bulwark.admission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Short hashes naming the objects a generated policy refuses, so a policy object can carry in an
 * annotation ({@value #ANNOTATION}) the set of objects it was announced to refuse: the operator's
 * memory, kept in the cluster, of what its Deny already covers (a change refusing only those
 * applies at once; one refusing others waits for its preview and grace period).
 */
public final class RefusalKeys {

  /** Annotation on a generated policy written with Deny: the hashes of the objects it refuses. */
  public static final String ANNOTATION = "bulwark.dev/refuses";

  /** Most hashes kept in the annotation (9 bytes each, well below the 256 KiB annotation limit). */
  public static final int MAX = 10_000;

  private RefusalKeys() {}

  /** The 8-hex-digit hash of one object key ({@link PreviewedRefusal#key()}). */
  public static String hash(String key) {
    return HexFormat.of().formatHex(sha256(key), 0, 4);
  }

  /** The hashes of {@code keys}, sorted. */
  public static SortedSet<String> hashes(Collection<String> keys) {
    return keys.stream().map(RefusalKeys::hash).collect(Collectors.toCollection(TreeSet::new));
  }

  /** A 12-hex-digit digest of the set {@code keys} (order does not matter). */
  public static String digest(Collection<String> keys) {
    return HexFormat.of().formatHex(sha256(String.join("\n", new TreeSet<>(keys))), 0, 6);
  }

  /**
   * Whether two revisions or digests are the same (null equals only null). They name public
   * content, not secrets; compared in constant time all the same.
   */
  public static boolean same(String a, String b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** The annotation value for {@code hashes}: at most {@link #MAX}, comma-separated. */
  public static String encode(Collection<String> hashes) {
    return new TreeSet<>(hashes).stream().limit(MAX).collect(Collectors.joining(","));
  }

  /** The hashes an annotation value holds; empty for null or blank. */
  public static Set<String> decode(String annotation) {
    if (annotation == null || annotation.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(annotation.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
