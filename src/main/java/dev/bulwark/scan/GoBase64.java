package dev.bulwark.scan;

import java.util.Base64;

/**
 * Base64 as Go's {@code encoding/base64.StdEncoding} decodes it, which is how the API server reads
 * a Secret's {@code data} and kubeseal and the Sealed Secrets controller read {@code
 * encryptedData}: the standard alphabet with {@code =} padding required, carriage returns and line
 * feeds ignored wherever they stand (so a value wrapped at 76 columns or ending in a YAML block
 * scalar's newline reads), and everything else refused. Like Go's non-strict decoder, unused bits
 * of the last quantum may be set. {@link Base64#getDecoder()} alone differs: it refuses line breaks
 * and accepts missing padding.
 */
public final class GoBase64 {

  private GoBase64() {}

  /**
   * The bytes {@code text} encodes.
   *
   * @throws IllegalArgumentException when Go would refuse it; the message gives the offset of the
   *     first bad character, never the text
   */
  public static byte[] decode(String text) {
    StringBuilder compact = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n') {
        if (compact == null) {
          compact = new StringBuilder(text.length());
          compact.append(text, 0, i);
        }
      } else if (compact != null) {
        compact.append(c);
      }
    }
    String data = compact == null ? text : compact.toString();
    int length = data.length();
    int padding = 0;
    for (int i = 0; i < length; i++) {
      char c = data.charAt(i);
      if (c == '=') {
        padding++;
      } else if (padding > 0 || !isAlphabet(c)) {
        throw new IllegalArgumentException("illegal base64 data at input byte " + i);
      }
    }
    if (length % 4 != 0 || padding > 2 || (padding > 0 && length == 0)) {
      throw new IllegalArgumentException("illegal base64 data at input byte " + length);
    }
    return Base64.getDecoder().decode(data);
  }

  private static boolean isAlphabet(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/';
  }
}
