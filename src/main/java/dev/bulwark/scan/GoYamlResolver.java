package dev.bulwark.scan;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * go-yaml v2's {@code resolve.go} (the YAML 1.1 reader behind sigs.k8s.io/yaml, so behind kubectl
 * and the API server) as SnakeYAML resolver rules, and the values it gives. Plain scalars: {@code
 * y}, {@code yes}, {@code on}, {@code true} (three cases each) are true, {@code n}, {@code no},
 * {@code off}, {@code false} false; {@code ~}, {@code null} and the empty scalar are null; once
 * underscores are dropped, Go integers ({@code 0x1F}, {@code 0o17}, {@code 017}, {@code 0b101},
 * {@code +12}) are ints and {@code [-+]?(.d+|d+(.d*)?)(e[-+]?d+)?} floats; {@code .5}, {@code .inf}
 * and {@code .nan} are floats. The first characters registered are go-yaml's {@code resolveTable}
 * hints, so {@code _1} is a string as there.
 *
 * <p>{@link #value} gives a {@link String}, {@link Boolean}, {@link #NULL}, {@link Long}, {@link
 * BigInteger} (Go's {@code uint64}, above {@link Long#MAX_VALUE}) or {@link Double} (infinite or
 * NaN only for the {@code .inf} and {@code .nan} words). A number out of range falls back as in
 * go-yaml: an int to a float, a float to the string.
 */
final class GoYamlResolver extends Resolver {

  /** The null value, distinct from "no value". */
  static final Object NULL = new Object();

  private static final Set<String> TRUE =
      Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");
  // go-yaml drops every underscore before it reads a number, so one may stand between any two
  // characters. Only character classes repeat, possessively where the split cannot matter: a
  // group repeated per character would recurse once per character in java.util.regex.
  private static final Pattern INT =
      Pattern.compile(
          "[-+]?_*(?:0_*[xX]_*[0-9a-fA-F][_0-9a-fA-F]*+|0_*[oO]_*[0-7][_0-7]*+"
              + "|0_*[bB]_*[01][_01]*+|0[_0-7]*+|[1-9][_0-9]*+)");
  private static final Pattern FLOAT =
      Pattern.compile(
          "[-+]?_*(?:\\._*[0-9][_0-9]*+|[0-9][_0-9]*+(?:\\.[_0-9]*+)?)"
              + "(?:[eE]_*[-+]?_*[0-9][_0-9]*+)?");
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})"
              + "(?:\\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})"
              + "| ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\\.[0-9]+)?)?");

  /** Read-only once built, so shared by every thread (declared after the patterns it uses). */
  static final GoYamlResolver INSTANCE = new GoYamlResolver();

  private GoYamlResolver() {}

  @Override
  protected void addImplicitResolvers() {
    addImplicitResolver(
        Tag.BOOL,
        Pattern.compile(
            "[yY]|[yY]es|YES|[nN]|[nN]o|NO|[tT]rue|TRUE|[fF]alse|FALSE|[oO]n|ON|[oO]ff|OFF"),
        "yYnNtTfFoO",
        5);
    addImplicitResolver(Tag.NULL, Pattern.compile("~|null|Null|NULL|"), "~nN\0", 4);
    addImplicitResolver(
        Tag.FLOAT, Pattern.compile("[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)"), "-+.", 5);
    addImplicitResolver(Tag.MERGE, Pattern.compile("<<"), "<", 2);
    addImplicitResolver(Tag.INT, INT, "-+0123456789", Integer.MAX_VALUE);
    addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789", Integer.MAX_VALUE);
    addImplicitResolver(
        Tag.FLOAT, Pattern.compile("\\.[0-9]+(?:[eE][-+]?[0-9]+)?"), ".", Integer.MAX_VALUE);
  }

  /** The value of a plain scalar, as go-yaml resolves it. */
  Object plain(String text) {
    return value(resolve(NodeId.scalar, text, true), text);
  }

  /** The value of {@code text} under the tag the resolver gave it. */
  static Object value(Tag tag, String text) {
    if (tag.equals(Tag.BOOL)) {
      return TRUE.contains(text);
    }
    if (tag.equals(Tag.NULL)) {
      return NULL;
    }
    if (tag.equals(Tag.INT)) {
      String plain = text.replace("_", "");
      boolean negative = plain.startsWith("-");
      String digits = plain.startsWith("-") || plain.startsWith("+") ? plain.substring(1) : plain;
      int radix = 10;
      if (digits.length() > 1 && digits.charAt(0) == '0') {
        char prefix = Character.toLowerCase(digits.charAt(1));
        radix = prefix == 'x' ? 16 : prefix == 'b' ? 2 : 8;
        digits = digits.substring(prefix == 'x' || prefix == 'b' || prefix == 'o' ? 2 : 1);
      }
      BigInteger number = new BigInteger(digits, radix);
      number = negative ? number.negate() : number;
      if (number.bitLength() < 64) {
        return number.longValue();
      }
      if (number.signum() > 0 && number.compareTo(UINT64_MAX) <= 0 && !plain.startsWith("+")) {
        return number;
      }
      return FLOAT.matcher(text).matches() ? value(Tag.FLOAT, text) : text;
    }
    if (tag.equals(Tag.FLOAT)) {
      String word = text.toLowerCase(Locale.ROOT); // numbers have no n, a or i
      if (word.endsWith("nan") || word.endsWith("inf")) {
        return word.endsWith("nan")
            ? Double.NaN
            : text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      double number = Double.parseDouble(text.replace("_", ""));
      return Double.isInfinite(number) ? text : number;
    }
    return text;
  }

  /**
   * Whether go-yaml's {@code parseTimestamp} takes {@code text} (for {@code !!timestamp}): Go's
   * layouts {@code 2006-1-2T15:4:5.999999999Z07:00} (also with {@code t}), {@code 2006-1-2
   * 15:4:5.999999999} and {@code 2006-1-2}, with the date and time in range.
   */
  static boolean isTimestamp(String text) {
    Matcher m = TIMESTAMP.matcher(text);
    try {
      if (!m.matches() || LocalDate.of(number(m, 1), number(m, 2), number(m, 3)) == null) {
        return false;
      }
      for (int group = 4; group <= 7; group += 3) {
        if (m.group(group) != null
            && (number(m, group) > 23 || number(m, group + 1) > 59 || number(m, group + 2) > 59)) {
          return false;
        }
      }
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  private static int number(Matcher m, int group) {
    return Integer.parseInt(m.group(group));
  }

  /**
   * A float map key as sigs.k8s.io/yaml writes it: {@code strconv.FormatFloat(f, 'g', -1, 32)}, the
   * shortest digits of the 32-bit float in exponent form ({@code 1e+06}) when the exponent is below
   * -4 or at least 6, and {@code .inf}, {@code -.inf}, {@code .nan}.
   */
  static String floatKey(double value) {
    float single = (float) value;
    if (Float.isNaN(single) || Float.isInfinite(single)) {
      return Float.isNaN(single) ? ".nan" : single > 0 ? ".inf" : "-.inf";
    }
    if (single == 0) {
      return 1 / single < 0 ? "-0" : "0";
    }
    BigDecimal decimal = new BigDecimal(Float.toString(Math.abs(single))).stripTrailingZeros();
    String digits = decimal.unscaledValue().toString();
    int exponent = digits.length() - 1 - decimal.scale();
    String sign = single < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 6) {
      return sign + decimal.toPlainString();
    }
    String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
    return sign
        + mantissa
        + (exponent < 0 ? "e-" : "e+")
        + (Math.abs(exponent) < 10 ? "0" : "")
        + Math.abs(exponent);
  }
}
