package dev.bulwark.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SealingScopeTest {

  @Test
  void labelsAreBitnamis() {
    assertThat(new String(SealingScope.STRICT.label("ns", "db"), StandardCharsets.UTF_8))
        .isEqualTo("ns/db");
    assertThat(new String(SealingScope.NAMESPACE_WIDE.label("ns", "db"), StandardCharsets.UTF_8))
        .isEqualTo("ns");
    assertThat(SealingScope.CLUSTER_WIDE.label("ns", "db")).isEmpty();
  }

  @Test
  void scopeFollowsTheAnnotationsClusterWideFirst() {
    assertThat(SealingScope.fromAnnotations(null)).isEqualTo(SealingScope.STRICT);
    assertThat(SealingScope.fromAnnotations(Map.of())).isEqualTo(SealingScope.STRICT);
    assertThat(SealingScope.fromAnnotations(Map.of(SealingScope.NAMESPACE_WIDE_ANNOTATION, "true")))
        .isEqualTo(SealingScope.NAMESPACE_WIDE);
    assertThat(SealingScope.fromAnnotations(Map.of(SealingScope.CLUSTER_WIDE_ANNOTATION, "true")))
        .isEqualTo(SealingScope.CLUSTER_WIDE);
    assertThat(
            SealingScope.fromAnnotations(
                Map.of(
                    SealingScope.CLUSTER_WIDE_ANNOTATION, "true",
                    SealingScope.NAMESPACE_WIDE_ANNOTATION, "true")))
        .isEqualTo(SealingScope.CLUSTER_WIDE);
    assertThat(SealingScope.fromAnnotations(Map.of(SealingScope.CLUSTER_WIDE_ANNOTATION, "yes")))
        .isEqualTo(SealingScope.STRICT);
  }

  @Test
  void writingAScopeReplacesTheOtherAnnotation() {
    Map<String, String> annotations =
        new HashMap<>(Map.of(SealingScope.CLUSTER_WIDE_ANNOTATION, "true", "keep", "me"));

    SealingScope.NAMESPACE_WIDE.writeTo(annotations);

    assertThat(annotations)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(SealingScope.NAMESPACE_WIDE_ANNOTATION, "true", "keep", "me"));
    SealingScope.STRICT.writeTo(annotations);
    assertThat(annotations).containsOnlyKeys("keep");
  }

  @Test
  void cliNamesParse() {
    assertThat(SealingScope.fromCliName("namespace-wide")).isEqualTo(SealingScope.NAMESPACE_WIDE);
    assertThat(SealingScope.fromCliName("Cluster-Wide")).isEqualTo(SealingScope.CLUSTER_WIDE);
    assertThatThrownBy(() -> SealingScope.fromCliName("global"))
        .hasMessageContaining("global")
        .hasMessageContaining("strict, namespace-wide or cluster-wide");
  }
}
