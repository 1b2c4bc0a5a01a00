package dev.bulwark.policy.pss;

import java.util.Collection;

/** Builds message fragments the way upstream phrases them. */
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

  static String quote(String value) {
    return "\"" + value + "\"";
  }

  /** {@code "a", "b"} */
  static String quoteAll(Collection<String> values) {
    StringBuilder out = new StringBuilder();
    for (String value : values) {
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append('"').append(value).append('"');
    }
    return out.toString();
  }
}
