package dev.bulwark.operator.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.defaults.DefaultSetting;
import dev.bulwark.defaults.TemplateDefaults;
import dev.bulwark.operator.defaults.RemediationStep.Action;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The remediation rules as a pure function: what happens to one workload in one pass. */
class RemediationDecisionTest {

  private static final Set<DefaultSetting> SECCOMP = Set.of(DefaultSetting.SECCOMP_PROFILE);

  private static PodSpec spec() {
    return new PodSpecBuilder()
        .addNewContainer()
        .withName("app")
        .withImage("a")
        .endContainer()
        .build();
  }

  private static HasMetadata deployment(String resourceVersion) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("ns")
        .withUid("u1")
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withSpec(spec())
        .endTemplate()
        .endSpec()
        .build();
  }

  private static RemediationDecision.Memory memory(boolean previewed) {
    return new RemediationDecision.Memory("Deployment ns/web", false, null, null, previewed);
  }

  @Test
  void aTemplateLackingAValueIsWrittenOncePreviewedAndOnlyListedBefore() {
    RemediationStep before = RemediationDecision.decide(deployment("5"), SECCOMP, memory(false));
    assertThat(before.action()).isEqualTo(Action.LIST);
    assertThat(before.pendingLine())
        .isEqualTo("Deployment ns/web: securityContext.seccompProfile.type=RuntimeDefault");
    assertThat(RemediationDecision.decide(deployment("5"), SECCOMP, memory(true)).action())
        .isEqualTo(Action.WRITE);
  }

  @Test
  void aRefusedWriteWhoseRetryWaitsIsListedAmongTheRefusedWithTheMessageNotAsPending() {
    var refused =
        new RemediationDecision.Memory(
            "Deployment ns/web", false, null, "HTTP 422: seccomp type must match", true);
    RemediationStep step = RemediationDecision.decide(deployment("5"), SECCOMP, refused);
    assertThat(step.action()).isEqualTo(Action.REFUSED);
    assertThat(step.pendingLine())
        .isEqualTo("Deployment ns/web: HTTP 422: seccomp type must match");
  }

  @Test
  void aTemplateControlledByAnotherControllerIsListedAsLeftAloneNeverWritten() {
    for (HasMetadata owned :
        List.<HasMetadata>of(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace("ns")
                .addNewOwnerReference()
                .withApiVersion("example.com/v1")
                .withKind("Database")
                .withName("pg")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withSpec(spec())
                .endTemplate()
                .endSpec()
                .build(),
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withName("web-1")
                .withNamespace("ns")
                .addNewOwnerReference()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Rollout")
                .withName("web")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withSpec(spec())
                .endTemplate()
                .endSpec()
                .build())) {
      RemediationStep step =
          RemediationDecision.decide(
              owned,
              SECCOMP,
              new RemediationDecision.Memory(
                  owned.getKind() + " ns/" + owned.getMetadata().getName(),
                  false,
                  null,
                  null,
                  true));
      assertThat(step.action()).as(owned.getKind()).isEqualTo(Action.LIST);
      assertThat(step.pendingLine()).contains(": not patched, controlled by ");
    }
  }

  @Test
  void aTemplateWithALegacySeccompAnnotationGetsNoSeccompProfile() {
    HasMetadata annotated =
        new DeploymentBuilder((io.fabric8.kubernetes.api.model.apps.Deployment) deployment("5"))
            .editSpec()
            .editTemplate()
            .withNewMetadata()
            .addToAnnotations("seccomp.security.alpha.kubernetes.io/pod", "unconfined")
            .endMetadata()
            .endTemplate()
            .endSpec()
            .build();
    assertThat(RemediationDecision.decide(annotated, SECCOMP, memory(true)).action())
        .isEqualTo(Action.NOTHING);
  }

  @Test
  void aJobIsListedAsImmutableAndAReplicaSetOfADeploymentIsLeftToItsDeployment() {
    HasMetadata job =
        new JobBuilder()
            .withNewMetadata()
            .withName("once")
            .withNamespace("ns")
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withSpec(spec())
            .endTemplate()
            .endSpec()
            .build();
    RemediationStep step =
        RemediationDecision.decide(
            job, SECCOMP, new RemediationDecision.Memory("Job ns/once", false, null, null, true));
    assertThat(step.action()).isEqualTo(Action.LIST);
    assertThat(step.pendingLine()).endsWith("not patched, a Job's pod template is immutable");

    HasMetadata replicaSet =
        new ReplicaSetBuilder()
            .withNewMetadata()
            .withName("web-1")
            .withNamespace("ns")
            .addNewOwnerReference()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName("web")
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withSpec(spec())
            .endTemplate()
            .endSpec()
            .build();
    assertThat(RemediationDecision.decide(replicaSet, SECCOMP, memory(true)).action())
        .isEqualTo(Action.NOTHING);
  }

  @Test
  void aValueBulwarkSetThatIsGoneAgainIsReportedAsRevertedButNotBeforeTheCacheSawTheWrite() {
    TemplateDefaults set = TemplateDefaults.of(spec(), SECCOMP);
    var written = new RemediationState.Written(Set.copyOf(set.changes()), set.podSpecPatch(), "7");
    var memory = new RemediationDecision.Memory("Deployment ns/web", false, written, null, true);
    assertThat(RemediationDecision.decide(deployment("6"), SECCOMP, memory).action())
        .as("the cache still holds the version before our write")
        .isEqualTo(Action.NOTHING);
    RemediationStep reverted = RemediationDecision.decide(deployment("9"), SECCOMP, memory);
    assertThat(reverted.action()).isEqualTo(Action.REPORT_REVERTED);
    assertThat(reverted.undone())
        .containsExactly("securityContext.seccompProfile.type=RuntimeDefault");
  }

  @Test
  void aWorkloadFoundRevertedBeforeIsLeftAlone() {
    var memory = new RemediationDecision.Memory("Deployment ns/web", true, null, null, true);
    assertThat(RemediationDecision.decide(deployment("5"), SECCOMP, memory).action())
        .isEqualTo(Action.NOTHING);
  }
}
