package dev.bulwark.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Document cutting keeps the line where each object starts. */
class ManifestSplitterTest {

  @Test
  void cutsAtMarkersAndSkipsEmptyAndCommentOnlyDocuments() {
    String text =
        """
        # Source: chart/templates/a.yaml
        apiVersion: v1
        kind: Pod
        ---
        # Source: chart/templates/empty.yaml
        ---
        apiVersion: v1
        kind: Service
        ...
        ---
        kind: ConfigMap
        data:
          script: |
            ---
            not a marker
        """;

    List<ManifestDocument> documents = ManifestSplitter.split("x.yaml", text).documents();

    assertThat(documents).extracting(ManifestDocument::index).containsExactly(0, 1, 2);
    assertThat(documents).extracting(ManifestDocument::line).containsExactly(2, 7, 11);
    assertThat(documents.get(2).text()).contains("not a marker");
  }

  @Test
  void aJsonFileIsOneDocument() {
    List<ManifestDocument> documents =
        ManifestSplitter.split("x.json", "{\n  \"kind\": \"List\",\n  \"items\": []\n}\n")
            .documents();
    assertThat(documents).hasSize(1);
    assertThat(documents.get(0).line()).isEqualTo(1);
  }
}
