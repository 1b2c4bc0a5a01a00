package dev.bulwark.text;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Iterator;

/**
 * Text cut to a size in UTF-8 bytes, for everything Bulwark writes that can carry strings a tenant
 * chose: image references, subject, capability and object names, field managers, messages the API
 * server passes on. Status, Events, OpenReports Reports and the in-memory ledger build their
 * messages from these bounds, so no input, however long, makes them grow past their budget.
 *
 * <p>A cut never splits a character: it ends on a code point boundary and appends {@value
 * #ELLIPSIS} (3 bytes), and the result, ellipsis included, is at most the bound. Text within the
 * bound is returned as it is (the same instance), so messages of ordinary inputs read exactly as
 * before.
 */
public final class BoundedText {

  /** One value a tenant chose, quoted inside a message (an image reference, a name): bytes. */
  public static final int VALUE = 256;

  /** One object or subject name as a field of its own (Kubernetes names reach 253): bytes. */
  public static final int NAME = 253;

  /** One message (a violation, a condition, an Event, a warning, a problem): bytes. */
  public static final int MESSAGE = 1024;

  /** Appended where text was cut. */
  public static final String ELLIPSIS = "\u2026";

  private static final int ELLIPSIS_BYTES = 3;

  private BoundedText() {}

  /** {@code text} cut to {@link #VALUE} bytes; null stays null. */
  public static String value(String text) {
    return cut(text, VALUE);
  }

  /** {@code text} cut to {@link #NAME} bytes; null stays null. */
  public static String name(String text) {
    return cut(text, NAME);
  }

  /** {@code text} cut to {@link #MESSAGE} bytes; null stays null. */
  public static String message(String text) {
    return cut(text, MESSAGE);
  }

  /**
   * {@code text} if its UTF-8 encoding has at most {@code maxBytes} bytes, else its longest prefix
   * of whole code points that, followed by {@link #ELLIPSIS}, fits in {@code maxBytes}; null stays
   * null.
   *
   * @throws IllegalArgumentException when {@code maxBytes} is smaller than the ellipsis (3)
   */
  public static String cut(String text, int maxBytes) {
    if (maxBytes < ELLIPSIS_BYTES) {
      throw new IllegalArgumentException("a bound of " + maxBytes + " bytes cannot hold a cut");
    }
    // Fast path: a UTF-16 char never takes more than 3 bytes in UTF-8.
    if (text == null || (long) text.length() * 3 <= maxBytes) {
      return text;
    }
    if (bytes(text) <= maxBytes) {
      return text;
    }
    int budget = maxBytes - ELLIPSIS_BYTES;
    int used = 0;
    int end = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int size = utf8Length(codePoint);
      if (used + size > budget) {
        break;
      }
      used += size;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end) + ELLIPSIS;
  }

  /**
   * The first {@code maxItems} of {@code items} joined with {@code ", "}, each cut to {@link
   * #VALUE}, followed by {@code " and N more"} when some were left out.
   */
  public static String join(Collection<String> items, int maxItems) {
    return join(items, maxItems, VALUE);
  }

  /**
   * The first {@code maxItems} of {@code items} joined with {@code ", "}, each cut to {@code
   * maxBytesEach} bytes, followed by {@code " and N more"} when some were left out.
   */
  public static String join(Collection<String> items, int maxItems, int maxBytesEach) {
    StringBuilder out = new StringBuilder();
    Iterator<String> it = items.iterator();
    for (int i = 0; i < maxItems && it.hasNext(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(cut(it.next(), maxBytesEach));
    }
    if (items.size() > maxItems) {
      out.append(" and ").append(items.size() - maxItems).append(" more");
    }
    return out.toString();
  }

  /** The length of {@code text} in UTF-8, in bytes (0 for null). */
  public static int bytes(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static int utf8Length(int codePoint) {
    if (codePoint < 0x80) {
      return 1;
    }
    if (codePoint < 0x800) {
      return 2;
    }
    // Lone surrogates are encoded as '?' (1 byte) by String.getBytes; counting 3 only errs small.
    return codePoint < 0x10000 ? 3 : 4;
  }
}
