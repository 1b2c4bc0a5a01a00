package dev.bulwark.scan;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which strings k8s.io/apimachinery's {@code resource.ParseQuantity} (v0.37) takes: a signed
 * decimal number ({@code 1}, {@code .5}, {@code 1.}, {@code +2.5}), then a suffix: none, {@code n},
 * {@code u}, {@code m}, {@code k}, {@code M}, {@code G}, {@code T}, {@code P}, {@code E}, {@code
 * Ki} to {@code Ei}, or an exponent {@code e}/{@code E} with a signed 64-bit integer. A quantity
 * whose value needs arbitrary precision (more than 18 digits, below a nano, a binary suffix with a
 * fraction) must hold a digit. The API server refuses anything else when it decodes an object
 * ("quantities must match the regular expression"). Bulwark checks only acceptance; the value is
 * fabric8's {@code Quantity}.
 */
final class GoQuantity {

  private static final Pattern QUANTITY =
      Pattern.compile("([+-]?)0*+([0-9]*+)(?:\\.([0-9]*+))?([eEinumkKMGTP]*+[-+]?[0-9]*+)");
  private static final Set<String> DECIMAL =
      Set.of("n", "u", "m", "", "k", "M", "G", "T", "P", "E");
  private static final String[] BINARY = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  private GoQuantity() {}

  /** Whether the API server takes {@code text} (already trimmed of spaces) as a quantity. */
  static boolean isValid(String text) {
    Matcher m = QUANTITY.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      return false;
    }
    String suffix = m.group(4);
    String num = m.group(2).isEmpty() ? "0" : m.group(2);
    String denom = m.group(3) == null ? "" : m.group(3);
    boolean arbitraryPrecision;
    if (DECIMAL.contains(suffix) || isExponent(suffix)) {
      int exponent = DECIMAL.contains(suffix) ? decimalExponent(suffix) : exponent(suffix);
      arbitraryPrecision = num.length() + denom.length() > 18 || exponent - denom.length() < -9;
    } else {
      int binary = java.util.Arrays.asList(BINARY).indexOf(suffix);
      if (binary < 0) {
        return false;
      }
      int exponent = 10 * (binary + 1);
      arbitraryPrecision =
          !denom.isEmpty() || 15 - num.length() - (int) (exponent * 3f / 10) - 1 < 0;
    }
    // the arbitrary-precision path (inf.Dec's SetString) needs a digit in the number
    return !arbitraryPrecision
        || text.substring(0, m.start(4)).chars().anyMatch(Character::isDigit);
  }

  private static boolean isExponent(String suffix) {
    if (suffix.length() < 2 || (suffix.charAt(0) != 'e' && suffix.charAt(0) != 'E')) {
      return false;
    }
    try {
      Long.parseLong(suffix.substring(1));
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Go keeps the low 32 bits of the exponent ({@code int32(parsed)}). */
  private static int exponent(String suffix) {
    return (int) Long.parseLong(suffix.substring(1));
  }

  private static int decimalExponent(String suffix) {
    return switch (suffix) {
      case "n" -> -9;
      case "u" -> -6;
      case "m" -> -3;
      case "k" -> 3;
      case "M" -> 6;
      case "G" -> 9;
      case "T" -> 12;
      case "P" -> 15;
      case "E" -> 18;
      default -> 0;
    };
  }
}
