package dev.bulwark.operator.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 12: a baseline's status write must not reach the namespace reconciler. */
class BaselineUpdateFilterTest {

  @Test
  void aStatusOnlyUpdateIsFilteredOut() {
    SecurityBaseline older = baseline(3);
    SecurityBaseline newer = baseline(3);
    newer.setStatus(new SecurityBaselineStatus());
    newer.getStatus().observedGeneration = 3L;
    newer.getMetadata().setResourceVersion("43");

    assertThat(NamespaceInformers.specLabelsOrDeletionChanged(newer, older)).isFalse();
  }

  @Test
  void aNewGenerationLabelsOrDeletionPassThrough() {
    SecurityBaseline older = baseline(3);
    assertThat(NamespaceInformers.specLabelsOrDeletionChanged(baseline(4), older)).isTrue();
    SecurityBaseline labelled = baseline(3);
    labelled.getMetadata().setLabels(Map.of("a", "b"));
    assertThat(NamespaceInformers.specLabelsOrDeletionChanged(labelled, older)).isTrue();
    SecurityBaseline deleting = baseline(3);
    deleting.getMetadata().setDeletionTimestamp("2026-11-29T12:00:00Z");
    assertThat(NamespaceInformers.specLabelsOrDeletionChanged(deleting, older)).isTrue();
  }

  private static SecurityBaseline baseline(long generation) {
    SecurityBaseline sb = new SecurityBaseline();
    sb.getMetadata().setName("sb");
    sb.getMetadata().setGeneration(generation);
    sb.getMetadata().setResourceVersion("42");
    return sb;
  }
}
