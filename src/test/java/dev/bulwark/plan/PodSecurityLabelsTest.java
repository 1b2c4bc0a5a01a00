package dev.bulwark.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.bulwark.api.PodSecurityLevel;
import dev.bulwark.api.PodSecuritySpec;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PodSecurityLabelsTest {

  private static PodSecuritySpec spec(PodSecurityLevel level, String version) {
    PodSecuritySpec spec = new PodSecuritySpec();
    spec.level = level;
    spec.version = version;
    return spec;
  }

  @ParameterizedTest
  @EnumSource(PodSecurityLevel.class)
  void desiredSetsAllSixLabels(PodSecurityLevel level) {
    String value = level.name().toLowerCase(Locale.ROOT);

    assertThat(PodSecurityLabels.desired(spec(level, "v1.30")))
        .containsExactly(
            entry("pod-security.kubernetes.io/audit", value),
            entry("pod-security.kubernetes.io/audit-version", "v1.30"),
            entry("pod-security.kubernetes.io/enforce", value),
            entry("pod-security.kubernetes.io/enforce-version", "v1.30"),
            entry("pod-security.kubernetes.io/warn", value),
            entry("pod-security.kubernetes.io/warn-version", "v1.30"));
  }

  @Test
  void desiredFromDefaultSpecIsRestrictedLatest() {
    Map<String, String> labels = PodSecurityLabels.desired(new PodSecuritySpec());

    assertThat(labels).hasSize(6);
    assertThat(labels)
        .containsEntry(PodSecurityLabels.ENFORCE, "restricted")
        .containsEntry(PodSecurityLabels.ENFORCE_VERSION, "latest");
  }

  @Test
  void currentKeepsOnlyPodSecurityLabels() {
    Map<String, String> labels =
        Map.of(
            "pod-security.kubernetes.io/enforce", "baseline",
            "pod-security.kubernetes.io/warn-version", "v1.29",
            "kubernetes.io/metadata.name", "app",
            "team", "a",
            "example.com/pod-security.kubernetes.io/enforce", "privileged",
            "pod-security.kubernetes.io", "no slash, not a PSA label");

    assertThat(PodSecurityLabels.current(labels))
        .containsOnly(
            entry("pod-security.kubernetes.io/enforce", "baseline"),
            entry("pod-security.kubernetes.io/warn-version", "v1.29"));
  }

  @Test
  void currentOfNoLabelsIsEmpty() {
    assertThat(PodSecurityLabels.current(null)).isEmpty();
    assertThat(PodSecurityLabels.current(Map.of())).isEmpty();
  }

  /** Labels on the namespace today; null level means no enforce label, null version no -version. */
  private static Map<String, String> labels(String level, String version) {
    Map<String, String> labels = new HashMap<>();
    if (level != null) {
      labels.put(PodSecurityLabels.ENFORCE, level);
    }
    if (version != null) {
      labels.put(PodSecurityLabels.ENFORCE_VERSION, version);
    }
    return labels;
  }

  static Stream<Arguments> tightening() {
    return Stream.of(
        // from level, from version, to level, to version, tightens
        Arguments.of(null, null, "restricted", "latest", true),
        Arguments.of(null, null, "baseline", "latest", true),
        Arguments.of(null, null, "privileged", "latest", false),
        Arguments.of(null, null, "privileged", "v1.30", false),
        Arguments.of("privileged", "latest", "baseline", "latest", true),
        Arguments.of("privileged", "latest", "restricted", "latest", true),
        Arguments.of("baseline", "latest", "restricted", "latest", true),
        Arguments.of("baseline", "v1.30", "restricted", "v1.30", true),
        Arguments.of("restricted", "latest", "baseline", "latest", false),
        Arguments.of("restricted", "latest", "privileged", "latest", false),
        Arguments.of("baseline", "latest", "privileged", "v1.25", false),
        Arguments.of("restricted", "v1.30", "restricted", "latest", true),
        Arguments.of("restricted", "latest", "restricted", "v1.30", true),
        Arguments.of("baseline", "v1.29", "baseline", "v1.30", true),
        Arguments.of("privileged", "v1.29", "privileged", "v1.30", false),
        Arguments.of("privileged", "latest", "privileged", "latest", false),
        Arguments.of("baseline", "v1.30", "baseline", "v1.30", false),
        Arguments.of("restricted", "latest", "restricted", "latest", false),
        // an absent -version label means latest, as PodSecurity admission reads it
        Arguments.of("restricted", null, "restricted", "latest", false),
        Arguments.of("restricted", null, "restricted", "v1.30", true),
        // PodSecurity admission enforces restricted for an enforce value it cannot parse; a preview
        // (one dry-run) on leaving it costs little, a missed one hides rejected pods
        Arguments.of("bogus", "latest", "baseline", "latest", true),
        Arguments.of("bogus", "latest", "privileged", "latest", false));
  }

  @ParameterizedTest(name = "{0}@{1} -> {2}@{3}: {4}")
  @MethodSource("tightening")
  void tightens(
      String fromLevel, String fromVersion, String toLevel, String toVersion, boolean expected) {
    assertThat(
            PodSecurityLabels.tightens(labels(fromLevel, fromVersion), labels(toLevel, toVersion)))
        .isEqualTo(expected);
  }

  @Test
  void onlyEnforceLabelsDecideTightening() {
    Map<String, String> current = labels("restricted", "latest");
    current.put("pod-security.kubernetes.io/audit", "privileged");
    Map<String, String> desired =
        PodSecurityLabels.desired(spec(PodSecurityLevel.RESTRICTED, "latest"));

    assertThat(PodSecurityLabels.tightens(current, desired)).isFalse();
  }
}
