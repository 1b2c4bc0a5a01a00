package dev.bulwark.admission;

import java.util.Collection;
import java.util.stream.Collectors;

/** Literals of the Common Expression Language, quoted so that no value can end its string. */
final class CelText {

  private CelText() {}

  /** A single-quoted CEL string literal of {@code value}. */
  static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (ch < 0x20) {
            out.append(String.format("\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.append('\'').toString();
  }

  /** A CEL list literal of string literals, e.g. {@code ['a', 'b']}. */
  static String strings(Collection<String> values) {
    return values.stream().map(CelText::string).collect(Collectors.joining(", ", "[", "]"));
  }
}
