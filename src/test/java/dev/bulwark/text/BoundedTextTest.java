package dev.bulwark.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BoundedTextTest {

  @Test
  void textWithinTheBoundIsKeptAsItIs() {
    String text = "registry.example/app:1.0";
    assertThat(BoundedText.value(text)).isSameAs(text);
    assertThat(BoundedText.cut("x".repeat(10), 10)).isEqualTo("x".repeat(10));
    assertThat(BoundedText.cut(null, 10)).isNull();
  }

  @Test
  void longerTextIsCutToTheBoundWithAnEllipsis() {
    String cut = BoundedText.cut("x".repeat(5000), 100);

    assertThat(bytes(cut)).isEqualTo(100);
    assertThat(cut).isEqualTo("x".repeat(97) + BoundedText.ELLIPSIS);
  }

  /** Multi-byte characters (2, 3 and 4 bytes in UTF-8) are never split. */
  @ParameterizedTest
  @ValueSource(strings = {"\u00e9", "\u20ac", "\ud83d\udd12"})
  void aCutEndsOnACharacterBoundary(String character) {
    for (int bound = 3; bound < 40; bound++) {
      String cut = BoundedText.cut(character.repeat(100), bound);

      assertThat(bytes(cut)).isLessThanOrEqualTo(bound);
      assertThat(cut).endsWith(BoundedText.ELLIPSIS);
      String kept = cut.substring(0, cut.length() - 1);
      assertThat(kept.replace(character, "")).as("only whole characters kept").isEmpty();
      assertThat(bytes(kept) + bytes(character) + 3).isGreaterThan(bound);
    }
  }

  @Test
  void joinListsTheFirstItemsEachCutAndCountsTheRest() {
    String joined = BoundedText.join(List.of("a", "b", "x".repeat(1000), "c", "d"), 3);

    assertThat(joined).startsWith("a, b, ").endsWith(BoundedText.ELLIPSIS + " and 2 more");
    assertThat(bytes(joined)).isLessThan(3 * BoundedText.VALUE);
    assertThat(BoundedText.join(List.of("a", "b"), 3)).isEqualTo("a, b");
  }

  @Test
  void aBoundTooSmallForTheEllipsisIsRefused() {
    assertThatThrownBy(() -> BoundedText.cut("abcdef", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 bytes");
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
