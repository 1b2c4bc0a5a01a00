package dev.bulwark.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantPolicyPreviewTest {

  private static SecurityBaseline baseline(
      long generation, Long observed, String readyReason, Long reopenObserved) {
    SecurityBaseline baseline = new SecurityBaseline();
    baseline.getMetadata().setName("b");
    baseline.getMetadata().setGeneration(generation);
    if (observed == null) {
      return baseline;
    }
    SecurityBaselineStatus status = new SecurityBaselineStatus();
    status.observedGeneration = observed;
    List<Condition> conditions = new ArrayList<>();
    conditions.add(condition("Ready", readyReason, observed));
    if (reopenObserved != null) {
      conditions.add(condition("TenantPoliciesReopen", "NoneFound", reopenObserved));
    }
    status.conditions = conditions;
    baseline.setStatus(status);
    return baseline;
  }

  private static Condition condition(String type, String reason, long generation) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withObservedGeneration(generation)
        .build();
  }

  @Test
  void previewedOnlyOnceTheStatusOfThisGenerationNamesWhatWouldBeRefused() {
    assertThat(TenantPolicyPreview.statusPreviews(baseline(2, 2L, "Reconciled", 2L))).isTrue();
    assertThat(TenantPolicyPreview.statusPreviews(baseline(2, null, null, null)))
        .as("no status yet")
        .isFalse();
    assertThat(TenantPolicyPreview.statusPreviews(baseline(2, 1L, "Reconciled", 1L)))
        .as("status of the previous generation")
        .isFalse();
    assertThat(TenantPolicyPreview.statusPreviews(baseline(2, 2L, "Progressing", 2L)))
        .as("some namespace not yet evaluated at this generation")
        .isFalse();
    assertThat(TenantPolicyPreview.statusPreviews(baseline(2, 2L, "Reconciled", null)))
        .as("written by an operator without the condition")
        .isFalse();
    assertThat(TenantPolicyPreview.statusPreviews(baseline(2, 2L, "InvalidSpec", 2L))).isFalse();
  }

  @Test
  void aPreviewedGenerationStaysPreviewedUntilTheNextOne() {
    TenantPolicyPreview preview = new TenantPolicyPreview();
    SecurityBaseline done = baseline(2, 2L, "Reconciled", 2L);
    done.getMetadata().setUid("u");
    assertThat(preview.previewed(done)).isTrue();
    SecurityBaseline progressing = baseline(2, 2L, "Progressing", 2L);
    progressing.getMetadata().setUid("u");
    assertThat(preview.previewed(progressing)).isTrue();
    SecurityBaseline next = baseline(3, 2L, "Reconciled", 2L);
    next.getMetadata().setUid("u");
    assertThat(preview.previewed(next)).isFalse();
  }
}
