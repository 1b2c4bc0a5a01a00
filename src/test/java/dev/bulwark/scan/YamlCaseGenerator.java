package dev.bulwark.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded manifest files for the YAML differential test: block and flow collections, block scalars
 * with indentation and chomping indicators, quoted and colon-bearing keys, comments everywhere,
 * document markers and empty documents, duplicate keys, numbers and strings that look alike (octal,
 * hex, binary, underscores, exponents, YAML 1.1 booleans and null forms), anchors, aliases and
 * merge keys, tags, a byte-order mark, CRLF line ends, JSON streams, and broken variants of all of
 * these. The same seed gives the same files ({@code -Dbulwark.yaml.seed=N} replays another run).
 */
final class YamlCaseGenerator {

  /** System property overriding the seed. */
  static final String SEED_PROPERTY = "bulwark.yaml.seed";

  static final long DEFAULT_SEED = 20_261_129L;

  static final String[] PLAIN = {
    "nginx",
    "nginx:1.27",
    "x 'r # @sha256:abc'",
    "a:b",
    "http://example.com/a#frag",
    "hello world",
    "-dash",
    "a - b",
    "100m",
    "1Gi",
    "0o17",
    "017",
    "08",
    "0x1F",
    "0X1f",
    "0b101",
    "1_000",
    "1e3",
    "1E-3",
    ".5",
    "+12",
    "-12",
    "12:30:00",
    "1.0",
    "1.",
    "99999999999999999999",
    "18446744073709551615",
    "9223372036854775808",
    "-9223372036854775809",
    "-0",
    "0.0",
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "N",
    "True",
    "FALSE",
    "~",
    "null",
    "Null",
    "NULL",
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    "+.5",
    "1_0.5",
    "0x_1F",
    "1__0",
    "_1",
    "0.1e+5",
    "123456789",
    "1e21",
    "1e400",
    "1e-400",
    "-",
    "--x",
    "0o",
    "0x",
    "<<",
    "=",
    "!!str 12",
    "!!int 12",
    "!!float 3",
    "!!bool yes",
    "!custom val",
    "!!null ~",
    "0.",
    "+",
    "1.5e+300",
    "0xFFFFFFFFFFFFFFFF",
    "-0x8000000000000000",
    "0777",
    "value with  two spaces",
    "trailing:colon:",
    "a#b",
    "semi;colon",
    "é-ünïcödé",
    "日本語",
    "key=value",
    "a, b",
    "-1.5e3",
    "1,000",
    "0.5.1",
    "v1.2.3",
    "true dat",
    "?question",
    "!!binary aGVsbG8=",
    "!!timestamp 2001-12-14",
    "!!str ''"
  };

  /** Plain scalars that start with an indicator or hold one: mostly refused, each its own way. */
  static final String[] PLAIN_ODD = {
    "@at",
    "`tick`",
    "%percent",
    "|pipe",
    ">gt",
    "!bang",
    "[brackets]",
    "{braces}",
    "*alias",
    "&anchor value",
    "- item",
    ": colon",
    "a: b",
    "x #",
    "'quoted' tail",
    "\"dq\" tail",
    "!!int x",
    "!!bool maybe",
    ".nan",
    ".Inf",
    "-.inf",
    "!!timestamp 2001-13-45",
    "!!timestamp 12",
    "''x",
    "!!str"
  };

  static final String[] QUOTED = {
    "'it''s'",
    "\"a\\tb\"",
    "\"\\u00e9\"",
    "\"multi\\nline\"",
    "'yes'",
    "\"123\"",
    "'#not comment'",
    "\"a \\\" q\"",
    "'  spaced  '",
    "\"\\x41\"",
    "\"\\e\"",
    "\"\"",
    "''",
    "'null'",
    "\"0x1F\"",
    "\"line\n  folded\"",
    "'single\n\n  two'",
    "\"\\N\"",
    "\"\\_\"",
    "\"\\L\"",
    "\"\\U0001F600\"",
    "\"tab\tinside\"",
    "\"ends with backslash\\\\\"",
    "\"escaped\\\n  newline\""
  };

  static final String[] QUOTED_ODD = {"\"\\q\"", "'unterminated", "\"bad \\u12\"", "\"\\/\""};

  static final String[] KEYS = {
    "name",
    "app.kubernetes.io/name",
    "\"a b\"",
    "'x: y'",
    "a:b",
    "1",
    "1.5",
    "0x10",
    "yes",
    "on",
    "y",
    "\"quoted\"",
    "image",
    "labels",
    "007",
    "1e6",
    "123456789.0",
    "true",
    "\"<<\"",
    "'it''s'",
    "k8s",
    "key with spaces",
    "2001-01-01",
    "-1",
    "0.000001",
    "1e-7",
    "0.0001",
    "100000.5",
    "-0.0",
    ".inf",
    "1_000",
    "!!str 12",
    "x#y",
    "\"\""
  };

  static final String[] KEYS_ODD = {
    "- notakey", "?", "~", "null", "[a, b]", "{a: 1}", "18446744073709551615", "*nowhere"
  };

  static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"};

  private final SplittableRandom random;
  private List<String> anchors;
  private int anchorCounter;

  YamlCaseGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** One generated file, named by its index and what it holds. */
  record Case(String name, byte[] bytes) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  List<Case> cases(int count) {
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      cases.add(next(i));
    }
    return cases;
  }

  private Case next(int index) {
    StringBuilder name = new StringBuilder("case-" + index);
    String text;
    if (random.nextInt(25) == 0) {
      text = json();
      name.append("-json");
    } else {
      text = stream(name);
    }
    if (random.nextInt(10) == 0) {
      text = mutate(text);
      name.append("-mutated");
    }
    if (random.nextInt(8) == 0) {
      text = text.replace("\n", "\r\n");
      name.append("-crlf");
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(10) == 0) {
      byte[] withBom = new byte[bytes.length + 3];
      withBom[0] = (byte) 0xEF;
      withBom[1] = (byte) 0xBB;
      withBom[2] = (byte) 0xBF;
      System.arraycopy(bytes, 0, withBom, 3, bytes.length);
      bytes = withBom;
      name.append("-bom");
    }
    return new Case(name.toString(), bytes);
  }

  private String stream(StringBuilder name) {
    StringBuilder out = new StringBuilder();
    int documents = 1 + random.nextInt(3);
    if (random.nextInt(6) == 0) {
      out.append(pick("---\n", "--- # first\n", "# header comment\n---\n"));
    }
    for (int d = 0; d < documents; d++) {
      if (d > 0) {
        out.append(
            pick(
                "---\n", "--- # next\n", "---   \n", "---\n---\n", "---\n# only a comment\n---\n"));
      }
      anchors = new ArrayList<>();
      int shape = random.nextInt(20);
      if (shape == 0) {
        out.append(
            pick("", "# nothing\n", "null\n", "~\n", "\"\"\n", "plain scalar\n", "- a\n- b\n"));
        name.append("-odd");
      } else {
        out.append(String.join("\n", mapping(0, 0))).append('\n');
      }
      if (random.nextInt(12) == 0) {
        out.append(pick("...\n", "...\n# after end\n"));
      }
    }
    if (random.nextInt(15) == 0) {
      int cut = random.nextInt(out.length() + 1);
      return out.substring(0, cut);
    }
    return out.toString();
  }

  private String json() {
    StringBuilder out = new StringBuilder();
    int values = 1 + random.nextInt(2);
    for (int i = 0; i < values; i++) {
      out.append(
          pick(
              "{\"kind\": \"Pod\", \"n\": 1.50, \"b\": true, \"s\": \"x\\u00e9\"}",
              "{\"a\": [1, 2, {\"b\": null}], \"a\": \"dup\"}",
              "{\n  \"apiVersion\": \"v1\",\n  \"big\": 18446744073709551616,\n  \"e\": 1e3\n}",
              "{\"unterminated\": ",
              "{\"x\": 'single'}",
              "null",
              "{}"));
      out.append(pick("\n", " ", "\n\n"));
    }
    return pick("", "  ", "\n") + out;
  }

  // ---- block mapping lines at an indent

  private List<String> mapping(int indent, int depth) {
    List<String> lines = new ArrayList<>();
    String pad = " ".repeat(indent);
    int entries = 1 + random.nextInt(depth == 0 ? 6 : 4);
    List<String> used = new ArrayList<>();
    for (int i = 0; i < entries; i++) {
      comment(lines, indent);
      if (depth > 0 && !anchors.isEmpty() && random.nextInt(5) == 0) {
        lines.add(pad + "<<: " + merge());
        continue;
      }
      String key;
      if (!used.isEmpty() && random.nextInt(12) == 0) {
        key = used.get(random.nextInt(used.size()));
      } else {
        key =
            random.nextInt(60) == 0
                ? pick(KEYS_ODD)
                : random.nextInt(3) == 0 ? pick(KEYS) : pick(WORDS) + i;
      }
      used.add(key);
      String prefix = pad + key + ":";
      if (random.nextInt(30) == 0) {
        prefix = pad + "? " + key + "\n" + pad + ":";
      }
      addValue(lines, prefix, indent, depth);
    }
    return lines;
  }

  private String merge() {
    if (anchors.size() > 1 && random.nextBoolean()) {
      return "[*" + anchors.get(random.nextInt(anchors.size())) + ", *" + anchors.get(0) + "]";
    }
    if (random.nextInt(20) == 0) {
      return "1"; // refused: a merge needs mappings
    }
    return pick(
        "*" + anchors.get(random.nextInt(anchors.size())), "{merged: 1}", "[{a: 1}, {b: 2}]");
  }

  private void addValue(List<String> lines, String prefix, int indent, int depth) {
    int choice = random.nextInt(depth >= 3 ? 5 : 9);
    switch (choice) {
      case 0, 1 -> lines.add(prefix + " " + plain() + trailingComment());
      case 2 -> lines.add(prefix + " " + quoted(indent) + trailingComment());
      case 3 -> blockScalar(lines, prefix, indent);
      case 4 -> flow(lines, prefix, indent);
      case 5, 6 -> {
        String anchor = "";
        if (random.nextInt(4) == 0) {
          String name = "a" + anchorCounter++;
          anchor = " &" + name;
          // registered after the mapping: go-yaml allows an alias only to a finished anchor's
          // start, and a self-reference is refused by both readers anyway
          List<String> nested = mapping(indent + 2, depth + 1);
          lines.add(prefix + anchor + trailingComment());
          lines.addAll(nested);
          anchors.add(name);
        } else {
          lines.add(prefix + trailingComment());
          lines.addAll(mapping(indent + (random.nextInt(3) == 0 ? 4 : 2), depth + 1));
        }
      }
      case 7 -> sequence(lines, prefix, indent, depth);
      default -> {
        if (anchors.isEmpty()) {
          lines.add(prefix + " " + plain());
        } else {
          lines.add(
              prefix + " *" + anchors.get(random.nextInt(anchors.size())) + trailingComment());
        }
      }
    }
  }

  private void sequence(List<String> lines, String prefix, int indent, int depth) {
    lines.add(prefix + trailingComment());
    int itemIndent = random.nextBoolean() ? indent : indent + 2;
    String pad = " ".repeat(itemIndent);
    int items = 1 + random.nextInt(4);
    for (int i = 0; i < items; i++) {
      comment(lines, itemIndent);
      if (random.nextInt(3) == 0 && depth < 3) {
        List<String> nested = mapping(itemIndent + 2, depth + 1);
        String first = nested.get(0);
        String innerPad = " ".repeat(itemIndent + 2);
        if (first.startsWith(innerPad) && first.charAt(innerPad.length()) != ' ') {
          lines.add(pad + "- " + first.substring(innerPad.length()));
          lines.addAll(nested.subList(1, nested.size()));
        } else {
          lines.add(pad + "-");
          lines.addAll(nested);
        }
      } else if (random.nextInt(6) == 0) {
        lines.add(pad + "- " + quoted(itemIndent));
      } else {
        lines.add(pad + "- " + plain() + trailingComment());
      }
    }
  }

  private void blockScalar(List<String> lines, String prefix, int indent) {
    int indicator = 1 + random.nextInt(2);
    String header =
        pick(
            "|",
            "|-",
            "|+",
            ">",
            ">-",
            ">+",
            "|" + indicator,
            ">" + indicator,
            "|-" + indicator,
            "|" + indicator + "+");
    boolean explicit = header.chars().anyMatch(Character::isDigit);
    int contentIndent = indent + (explicit ? indicator : 2);
    lines.add(prefix + " " + header + (random.nextInt(4) == 0 ? " # header comment" : ""));
    String pad = " ".repeat(contentIndent);
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      String line =
          pick(
              "line one",
              "  more indented",
              "",
              "# not a comment",
              "key: value",
              "- item",
              "trailing space  ",
              "---",
              "tab\there",
              "x 'r # c'");
      if (i == 0 && !explicit && line.startsWith(" ")) {
        line = line.strip();
      }
      lines.add(line.isEmpty() ? pick("", pad) : pad + line);
    }
    if (random.nextBoolean()) {
      lines.add(pick("", pad, " "));
    }
  }

  private void flow(List<String> lines, String prefix, int indent) {
    String inner = " ".repeat(indent + 2);
    switch (random.nextInt(6)) {
      case 0 ->
          lines.add(prefix + " [" + plainFlow() + ", " + plainFlow() + "]" + trailingComment());
      case 1 -> lines.add(prefix + " {a: " + plainFlow() + ", \"b c\": [x, y], d: }");
      case 2 -> {
        lines.add(prefix + " [");
        lines.add(inner + plainFlow() + ", # inside");
        lines.add(inner + "{k: " + plainFlow() + "},");
        lines.add(" ".repeat(indent) + "]");
      }
      case 3 -> {
        lines.add(prefix + " {");
        lines.add(inner + "a: 1,");
        lines.add(inner + "b: " + plainFlow() + ",");
        lines.add(" ".repeat(indent) + "}");
      }
      case 4 -> lines.add(prefix + " [a, [b, c], {d: e}, ]");
      default -> lines.add(prefix + " {a: 1, a: 2}");
    }
  }

  private String plainFlow() {
    String value = plain();
    return value.contains(",")
            || value.contains("[")
            || value.contains("{")
            || value.contains("]")
            || value.contains("}")
            || value.contains("#")
        ? "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
        : value;
  }

  private String plain() {
    return random.nextInt(60) == 0 ? pick(PLAIN_ODD) : pick(PLAIN);
  }

  private String quoted() {
    return random.nextInt(40) == 0 ? pick(QUOTED_ODD) : pick(QUOTED);
  }

  /** A quoted scalar whose continuation lines are indented past {@code indent}. */
  private String quoted(int indent) {
    return quoted().replace("\n  ", "\n" + " ".repeat(indent + 2));
  }

  private String trailingComment() {
    return random.nextInt(5) == 0 ? pick(" # trailing", "  #no-space-needed", "\t# tabbed") : "";
  }

  private void comment(List<String> lines, int indent) {
    if (random.nextInt(6) == 0) {
      lines.add(" ".repeat(random.nextInt(indent + 3)) + "# comment " + random.nextInt(100));
    }
  }

  /** Breaks a file in one of the ways people break YAML. */
  private String mutate(String text) {
    return switch (random.nextInt(8)) {
      case 0 -> text.replaceFirst("\n  ", "\n   ");
      case 1 -> text.replaceFirst("\n  ", "\n\t");
      case 2 -> "--- !tagged\n" + text;
      case 3 -> text + "ghost: *nowhere\n";
      case 4 -> text + "inf: .inf\n";
      case 5 -> text.replaceFirst("\"", "");
      case 6 -> text + "recursive: &self [*self]\n";
      default -> text.replaceFirst("]", "");
    };
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }
}
