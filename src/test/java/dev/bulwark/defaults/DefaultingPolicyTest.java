package dev.bulwark.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape of the generated policy and binding; what they do is PodDefaultsIT's job. */
class DefaultingPolicyTest {

  @Test
  void oneMutationPerSettingAndContainerList() {
    GenericKubernetesResource policy =
        DefaultingPolicy.policy("b", EnumSet.of(DefaultSetting.DROP_ALL_CAPABILITIES));
    assertThat(policy.getMetadata().getName()).isEqualTo("bulwark-defaults-b");
    assertThat(policy.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "bulwark")
        .containsEntry("bulwark.dev/baseline", "b");
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) policy.getAdditionalProperties().get("spec");
    assertThat((List<?>) spec.get("mutations"))
        .hasSize(3)
        .allSatisfy(m -> assertThat(Serialization.asJson(m)).contains("JSONPatch"));
    assertThat(spec).containsEntry("failurePolicy", "Ignore");
  }

  @Test
  void bindingKeepsTheBaselineSelectorAndExcludesNamespacesByName() {
    GenericKubernetesResource binding =
        DefaultingPolicy.binding(
            "b",
            new LabelSelectorBuilder()
                .addToMatchLabels("team", "shop")
                .addNewMatchExpression()
                .withKey("tier")
                .withOperator("In")
                .withValues("web")
                .endMatchExpression()
                .build(),
            List.of("z-won-by-other", "kube-system"));
    assertThat(Serialization.asJson(binding.getAdditionalProperties().get("spec")))
        .isEqualTo(
            "{\"matchResources\":{\"matchPolicy\":\"Equivalent\",\"namespaceSelector\":"
                + "{\"matchLabels\":{\"team\":\"shop\"},\"matchExpressions\":["
                + "{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"web\"]},"
                + "{\"key\":\"kubernetes.io/metadata.name\",\"operator\":\"NotIn\","
                + "\"values\":[\"kube-system\",\"z-won-by-other\"]}]},\"objectSelector\":{}},"
                + "\"policyName\":\"bulwark-defaults-b\"}");
  }

  @Test
  void anEmptySelectorSelectsEveryNamespaceNotExcluded() {
    GenericKubernetesResource binding = DefaultingPolicy.binding("b", null, List.of());
    assertThat(Serialization.asJson(binding.getAdditionalProperties().get("spec")))
        .contains("\"namespaceSelector\":{}");
  }

  @Test
  void legacySeccompAnnotationsWindowsHostProcessAndExceptionsGuardTheMutations() {
    dev.bulwark.api.ExceptionSpec legacy = new dev.bulwark.api.ExceptionSpec();
    legacy.checks = List.of("runAsNonRoot");
    legacy.namespaces = List.of("shop");
    legacy.reason = "JIRA-7";
    String spec =
        Serialization.asJson(
            DefaultingPolicy.policy("b", EnumSet.allOf(DefaultSetting.class), List.of(legacy))
                .getAdditionalProperties()
                .get("spec"));
    assertThat(spec)
        .contains("seccomp.security.alpha.kubernetes.io/pod")
        .contains("container.seccomp.security.alpha.kubernetes.io/")
        .contains("!variables.legacySeccomp")
        .contains("windowsOptions.hostProcess")
        .contains("\"name\":\"exceptedRunAsNonRoot\"")
        .contains("!variables.exceptedRunAsNonRoot")
        .contains("request.namespace in ['shop']")
        .doesNotContain("exceptedSeccompProfile");
  }
}
