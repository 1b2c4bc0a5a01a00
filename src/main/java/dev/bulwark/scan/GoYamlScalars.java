package dev.bulwark.scan;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a plain (unquoted, untagged) YAML scalar means to Kubernetes: the resolution rules of
 * go-yaml v2 ({@code resolve.go} of go.yaml.in/yaml/v2, the YAML 1.1 reader behind sigs.k8s.io/yaml
 * and so behind kubectl, the API server and kubeseal). SnakeYAML's own YAML 1.1 resolver differs in
 * places ({@code y}/{@code n} are booleans here, {@code 0o17} and {@code 08} are numbers, {@code
 * 1e400} is a string), so Bulwark resolves scalars by these rules.
 *
 * <p>Results: {@link String}, {@link Boolean}, {@code null} (the {@link #NULL} marker), {@link
 * Long}, {@link BigInteger} (above {@link Long#MAX_VALUE}, Go's {@code uint64}) or {@link Double}
 * (possibly infinite or NaN, which only a map key may hold).
 */
final class GoYamlScalars {

  /** The null value, distinct from "no result". */
  public static final Object NULL = new Object();

  private static final Map<String, Object> WORDS = new HashMap<>();

  static {
    for (String word : new String[] {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE"}) {
      WORDS.put(word, Boolean.TRUE);
    }
    for (String word : new String[] {"on", "On", "ON"}) {
      WORDS.put(word, Boolean.TRUE);
    }
    for (String word : new String[] {"n", "N", "no", "No", "NO", "false", "False", "FALSE"}) {
      WORDS.put(word, Boolean.FALSE);
    }
    for (String word : new String[] {"off", "Off", "OFF"}) {
      WORDS.put(word, Boolean.FALSE);
    }
    for (String word : new String[] {"", "~", "null", "Null", "NULL"}) {
      WORDS.put(word, NULL);
    }
    for (String word : new String[] {".nan", ".NaN", ".NAN"}) {
      WORDS.put(word, Double.NaN);
    }
    for (String word : new String[] {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}) {
      WORDS.put(word, Double.POSITIVE_INFINITY);
    }
    for (String word : new String[] {"-.inf", "-.Inf", "-.INF"}) {
      WORDS.put(word, Double.NEGATIVE_INFINITY);
    }
  }

  /** go-yaml v2's {@code yamlStyleFloat}. */
  private static final Pattern YAML_FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

  /** What Go's {@code strconv.ParseFloat} takes from a value that starts with a dot. */
  private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+([eE][-+]?[0-9]+)?");

  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private GoYamlScalars() {}

  /** The value of the plain scalar {@code in}. */
  public static Object resolvePlain(String in) {
    char hint = in.isEmpty() ? 'M' : hint(in.charAt(0));
    if (hint == 0) {
      return in;
    }
    Object word = WORDS.get(in);
    if (word != null) {
      return word;
    }
    switch (hint) {
      case '.' -> {
        if (DOT_FLOAT.matcher(in).matches()) {
          double value = Double.parseDouble(in);
          return Double.isInfinite(value) ? in : value;
        }
        return in;
      }
      case 'D', 'S' -> {
        String plain = in.replace("_", "");
        BigInteger integer = parseGoInteger(plain);
        if (integer != null) {
          if (integer.bitLength() < 64) {
            return integer.longValue();
          }
          if (integer.signum() > 0 && integer.compareTo(UINT64_MAX) <= 0 && !hasSign(plain)) {
            return integer;
          }
        }
        if (YAML_FLOAT.matcher(plain).matches()) {
          double value = Double.parseDouble(plain);
          return Double.isInfinite(value) ? in : value;
        }
        return in;
      }
      default -> {
        return in;
      }
    }
  }

  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
              + "(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\\.[0-9]+)?"
              + "(?:Z|[+-][0-9]{2}:[0-9]{2}))"
              + "|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\\.[0-9]+)?))?");

  /**
   * Whether go-yaml's {@code parseTimestamp} takes {@code text}: Go's {@code time.Parse} with the
   * layouts {@code 2006-1-2T15:4:5.999999999Z07:00} (also with a small {@code t}), {@code 2006-1-2
   * 15:4:5.999999999} and {@code 2006-1-2}, dates and times in range.
   */
  static boolean isTimestamp(String text) {
    var matcher = TIMESTAMP.matcher(text);
    if (!matcher.matches()) {
      return false;
    }
    try {
      java.time.LocalDate.of(
          Integer.parseInt(matcher.group(1)),
          Integer.parseInt(matcher.group(2)),
          Integer.parseInt(matcher.group(3)));
      for (int group = 4; group <= 7; group += 3) {
        if (matcher.group(group) != null
            && (Integer.parseInt(matcher.group(group)) > 23
                || Integer.parseInt(matcher.group(group + 1)) > 59
                || Integer.parseInt(matcher.group(group + 2)) > 59)) {
          return false;
        }
      }
      return true;
    } catch (java.time.DateTimeException e) {
      return false;
    }
  }

  private static boolean hasSign(String text) {
    return text.startsWith("+") || text.startsWith("-");
  }

  /** go-yaml v2's {@code resolveTable}: which scalars may be something other than a string. */
  private static char hint(char c) {
    if (c >= '0' && c <= '9') {
      return 'D';
    }
    return switch (c) {
      case '+', '-' -> 'S';
      case 'y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O', '~' -> 'M';
      case '.' -> '.';
      default -> 0;
    };
  }

  /**
   * Go's {@code strconv.ParseInt(s, 0, 64)} syntax without the range check: an optional sign, then
   * {@code 0x}/{@code 0X} hexadecimal, {@code 0o}/{@code 0O} or a leading {@code 0} octal, {@code
   * 0b}/{@code 0B} binary, or decimal digits. Null when {@code s} is not such a number.
   */
  static BigInteger parseGoInteger(String s) {
    int at = 0;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      negative = s.charAt(0) == '-';
      at = 1;
    }
    String digits = s.substring(at);
    int radix = 10;
    if (digits.length() >= 2 && digits.charAt(0) == '0') {
      char prefix = Character.toLowerCase(digits.charAt(1));
      if (prefix == 'x') {
        radix = 16;
        digits = digits.substring(2);
      } else if (prefix == 'o') {
        radix = 8;
        digits = digits.substring(2);
      } else if (prefix == 'b') {
        radix = 2;
        digits = digits.substring(2);
      } else {
        radix = 8;
        digits = digits.substring(1);
      }
    }
    if (digits.isEmpty()) {
      return null;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), radix) < 0 || digits.charAt(i) > 'z') {
        return null;
      }
    }
    BigInteger value = new BigInteger(digits, radix);
    return negative ? value.negate() : value;
  }

  /**
   * A float map key as sigs.k8s.io/yaml writes it into JSON: {@code strconv.FormatFloat(f, 'g', -1,
   * 32)} (the shortest digits that read back as the same 32-bit float, exponent form such as {@code
   * 1e+06} when the exponent is below -4 or 6 and above), with {@code .inf}, {@code -.inf} and
   * {@code .nan} for the special values.
   */
  static String formatFloatKey(double value) {
    if (Double.isNaN(value)) {
      return ".nan";
    }
    float single = (float) value;
    if (Float.isInfinite(single)) {
      return single > 0 ? ".inf" : "-.inf";
    }
    if (single == 0) {
      return 1 / single < 0 ? "-0" : "0";
    }
    BigDecimal decimal = new BigDecimal(Float.toString(Math.abs(single))).stripTrailingZeros();
    String digits = decimal.unscaledValue().toString();
    int exponent = digits.length() - 1 - decimal.scale();
    String sign = single < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 6) {
      return sign + scientific(digits, exponent);
    }
    return sign + decimal.toPlainString();
  }

  private static String scientific(String digits, int exponent) {
    StringBuilder out = new StringBuilder();
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    int abs = Math.abs(exponent);
    if (abs < 10) {
      out.append('0');
    }
    out.append(abs);
    return out.toString();
  }
}
