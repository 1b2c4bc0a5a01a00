package dev.bulwark.scan;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Turns a manifest file's bytes into text as kubectl does: its file reader (cli-runtime's {@code
 * FileVisitor}, through {@code unicode.BOMOverride}) drops a UTF-8 byte-order mark and reads UTF-16
 * when a UTF-16 byte-order mark says so; anything else is UTF-8, invalid bytes becoming U+FFFD.
 */
public final class ManifestText {

  private ManifestText() {}

  /** The text of {@code bytes}, without its byte-order mark. */
  public static String decode(byte[] bytes) {
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      return decode(bytes, 3, StandardCharsets.UTF_8);
    }
    if (startsWith(bytes, 0xFE, 0xFF)) {
      return decode(bytes, 2, StandardCharsets.UTF_16BE);
    }
    if (startsWith(bytes, 0xFF, 0xFE)) {
      return decode(bytes, 2, StandardCharsets.UTF_16LE);
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String decode(byte[] bytes, int offset, Charset charset) {
    return new String(bytes, offset, bytes.length - offset, charset);
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
