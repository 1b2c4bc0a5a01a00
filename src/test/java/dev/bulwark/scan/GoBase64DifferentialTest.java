package dev.bulwark.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link GoBase64} decodes what Go's {@code base64.StdEncoding} decodes, to the same bytes, and
 * refuses what it refuses: a seeded set of encodings, wrapped, broken and padded every which way,
 * checked against tools/read-oracle.
 */
class GoBase64DifferentialTest {

  @Test
  void everyGeneratedValueDecodesAsGoDecodesIt() {
    List<String> cases = cases(new SplittableRandom(20_261_129L), 4_000);
    List<ReadOracle.Answer> answers =
        ReadOracle.run(
            "base64", cases.stream().map(c -> c.getBytes(StandardCharsets.UTF_8)).toList());
    List<String> differences = new ArrayList<>();
    int refused = 0;
    for (int i = 0; i < cases.size(); i++) {
      String ours;
      try {
        ours = Base64.getEncoder().encodeToString(GoBase64.decode(cases.get(i)));
      } catch (IllegalArgumentException e) {
        ours = null;
      }
      ReadOracle.Answer go = answers.get(i);
      refused += go.rejected() ? 1 : 0;
      String theirs = go.rejected() ? null : go.b64();
      if (ours == null ? theirs != null : !ours.equals(theirs)) {
        differences.add(
            "\""
                + cases.get(i).replace("\r", "\\r").replace("\n", "\\n")
                + "\": Go "
                + theirs
                + ", Bulwark "
                + ours);
      }
    }
    System.out.println(
        "base64 differential test: "
            + (cases.size() - differences.size())
            + " of "
            + cases.size()
            + " alike ("
            + refused
            + " refused by Go)");
    assertThat(differences).isEmpty();
  }

  @Test
  void aBlockScalarsTrailingNewlineAndWrappingAreIgnored() {
    assertThat(GoBase64.decode("aHVudGVyMg==\n")).asString().isEqualTo("hunter2");
    assertThat(GoBase64.decode("aHVu\r\ndGVy\nMg==")).asString().isEqualTo("hunter2");
  }

  @Test
  void missingPaddingAndOtherCharactersAreRefused() {
    for (String bad : List.of("aHVudGVyMg", "aHVudGVyMg= =", "aHVu dGVyMg==", "aHVudGVyMg==x")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> GoBase64.decode(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining(bad);
    }
  }

  static List<String> cases(SplittableRandom random, int count) {
    String junk = " \t-_.~!@#$%^&*()=é\u0000\u00a0\f\u000b";
    List<String> cases =
        new ArrayList<>(
            List.of(
                "",
                "\n",
                "\r\n",
                "=",
                "==",
                "====",
                "QQ==",
                "QR==",
                "QQ=",
                "QQ",
                "Q",
                "QUI=",
                "QUJ=",
                "QUJD",
                "QQ==\n",
                "Q\nQ\n=\n=",
                "QQ==QQ=="));
    while (cases.size() < count) {
      byte[] bytes = new byte[random.nextInt(40)];
      random.nextBytes(bytes);
      StringBuilder text = new StringBuilder(Base64.getEncoder().encodeToString(bytes));
      int mutations = random.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
        switch (random.nextInt(9)) {
          case 0 -> text.insert(at, '\n');
          case 1 -> text.insert(at, "\r\n");
          case 2 -> text.insert(at, '\r');
          case 3 -> text.insert(at, junk.charAt(random.nextInt(junk.length())));
          case 4 -> {
            if (!text.isEmpty()) {
              text.deleteCharAt(Math.min(at, text.length() - 1));
            }
          }
          case 5 -> text.append('=');
          case 6 -> {
            for (int i = 76; i < text.length(); i += 77) {
              text.insert(i, '\n');
            }
          }
          case 7 -> text.append("\n");
          default -> text.insert(at, (char) ('A' + random.nextInt(58)));
        }
      }
      cases.add(text.toString());
    }
    return cases;
  }
}
