package dev.bulwark.policy.pss;

import dev.bulwark.text.BoundedText;
import java.util.Collection;

/**
 * Builds message fragments the way upstream phrases them. Values come from the pod, so each is cut
 * to {@link BoundedText#VALUE} bytes and a list to {@value #MAX_LISTED} values; ordinary pods read
 * exactly as upstream's messages.
 */
final class Messages {

  private Messages() {}

  /** {@code reason (detail)}, the API server's format for one forbidden check. */
  static String reason(String reason, String detail) {
    return reason + " (" + detail + ")";
  }

  /** Upstream's Go strings are never nil; a missing value reads as the empty string. */
  static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  /** Most values {@link #quoteAll} lists; the rest are counted. */
  static final int MAX_LISTED = 20;

  static String quote(String value) {
    return "\"" + BoundedText.value(value) + "\"";
  }

  /** {@code "a", "b"}; past {@value #MAX_LISTED} values, {@code ... and N more}. */
  static String quoteAll(Collection<String> values) {
    StringBuilder out = new StringBuilder();
    int listed = 0;
    for (String value : values) {
      if (listed == MAX_LISTED) {
        out.append(" and ").append(values.size() - MAX_LISTED).append(" more");
        break;
      }
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append('"').append(BoundedText.value(value)).append('"');
      listed++;
    }
    return out.toString();
  }
}
