package dev.bulwark.seal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which backed-up names a restored key Secret keeps (the others get a generated name). */
class ClusterSealingKeysTest {

  @ParameterizedTest
  @ValueSource(strings = {"bulwark-sealing-key-7hq2x", "sealed-secrets-keyabcde", "a", "a.b-c.d9"})
  void secretNamesAreKept(String name) {
    assertThat(ClusterSealingKeys.isSecretName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "My Key", "UPPER", "-leading", "trailing-", "a..b", ".a", "a.", "ключ", "a_b"})
  void otherNamesAreNot(String name) {
    assertThat(ClusterSealingKeys.isSecretName(name)).isFalse();
  }

  @Test
  void atMost253Characters() {
    String label = "a".repeat(63);
    String longest = String.join(".", label, label, label, "a".repeat(61));
    assertThat(longest).hasSize(253);
    assertThat(ClusterSealingKeys.isSecretName(longest)).isTrue();
    assertThat(ClusterSealingKeys.isSecretName(longest + "a")).isFalse();
  }
}
