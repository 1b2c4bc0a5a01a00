package dev.bulwark.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.ExceptionSpec;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.plan.ActiveExceptions;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The objects a baseline asks for; whether their CEL agrees with the engine is the oracle's job.
 */
class ValidatingPoliciesTest {

  private static SecurityBaseline baseline(String spec) {
    SecurityBaseline baseline = GeneratedPolicies.baseline("prod", spec);
    baseline.getMetadata().setUid("0b7a1d4e-0000-0000-0000-000000000001");
    return baseline;
  }

  private static final String ALL_CHECKS =
      """
      workloads:
        readOnlyRootFilesystem: true
        requireProbes: true
        requireTokenAutomountDisabled: true
        forbidDefaultServiceAccount: true
      resources: {requireRequestsAndLimits: true}
      images: {requireDigest: true, allowedRegistries: [ghcr.io/acme]}
      """;

  @Test
  void onePolicyAndOneBindingPerEnabledCheckNamedAfterBaselineAndCheck() {
    ValidatingPolicies.Desired desired =
        ValidatingPolicies.desired(baseline(ALL_CHECKS), List.of("b", "a"), List.of());

    assertThat(desired.policies())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly(
            "bulwark-prod-read-only-root-filesystem",
            "bulwark-prod-resource-requests",
            "bulwark-prod-resource-limits",
            "bulwark-prod-probes",
            "bulwark-prod-image-digest",
            "bulwark-prod-allowed-registries",
            "bulwark-prod-service-account-token",
            "bulwark-prod-default-service-account");
    assertThat(desired.bindings())
        .allSatisfy(
            b -> {
              assertThat(b.getSpec().getPolicyName()).isEqualTo(b.getMetadata().getName());
              assertThat(b.getSpec().getValidationActions()).containsExactly("Deny");
              assertThat(
                      b.getSpec().getMatchResources().getNamespaceSelector().getMatchExpressions())
                  .singleElement()
                  .satisfies(
                      e -> {
                        assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
                        assertThat(e.getOperator()).isEqualTo("In");
                        assertThat(e.getValues()).containsExactly("a", "b");
                      });
              assertThat(b.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getName()).isEqualTo("prod"));
            });
    assertThat(desired.policies().get(0).getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "bulwark")
        .containsEntry("bulwark.dev/baseline", "prod")
        .containsEntry("bulwark.dev/check", "readOnlyRootFilesystem");
  }

  @Test
  void auditModeWarnsAndAudits() {
    ValidatingPolicies.Desired desired =
        ValidatingPolicies.desired(baseline(ALL_CHECKS + "mode: Audit\n"), List.of("a"), List.of());

    assertThat(desired.bindings())
        .allSatisfy(
            b -> assertThat(b.getSpec().getValidationActions()).containsExactly("Warn", "Audit"));
  }

  @Test
  void noBindingWithoutGovernedNamespacesAndNothingWhenTurnedOff() {
    assertThat(ValidatingPolicies.desired(baseline(ALL_CHECKS), List.of(), List.of()).bindings())
        .isEmpty();
    ValidatingPolicies.Desired off =
        ValidatingPolicies.desired(
            baseline(ALL_CHECKS + "admission: {validatingPolicies: false}\n"),
            List.of("a"),
            List.of());
    assertThat(off.policies()).isEmpty();
    assertThat(off.bindings()).isEmpty();
    assertThat(
            ValidatingPolicies.desired(
                    baseline("podSecurity: {level: baseline}\n"), List.of("a"), List.of())
                .policies())
        .isEmpty();
  }

  @Test
  void activeExceptionsBecomeAMatchConditionOfTheirChecksOnly() {
    SecurityBaseline baseline =
        baseline(
            ALL_CHECKS
                + """
                exceptions:
                  - checks: [imageDigest]
                    namespaces: [legacy]
                    selector:
                      matchLabels: {app: "it's"}
                      matchExpressions: [{key: tier, operator: NotIn, values: [web]}]
                    reason: r
                  - checks: [imageDigest]
                    reason: expired
                    expires: "2020-01-01T00:00:00Z"
                """);
    List<ExceptionSpec> active =
        ActiveExceptions.at(baseline.getSpec().exceptions, Instant.parse("2026-01-01T00:00:00Z"))
            .active();
    ValidatingPolicies.Desired desired = ValidatingPolicies.desired(baseline, List.of("a"), active);

    ValidatingAdmissionPolicy digest = policy(desired, "bulwark-prod-image-digest");
    assertThat(digest.getSpec().getMatchConditions())
        .extracting(MatchCondition::getName)
        .containsExactly("has-pod-spec", "pod-spec-created-or-changed", "not-excepted");
    assertThat(digest.getSpec().getMatchConditions().get(2).getExpression())
        .isEqualTo(
            "!((request.namespace in ['legacy'] && ((has(object.metadata.labels) && 'app' in"
                + " object.metadata.labels && object.metadata.labels['app'] == 'it\\'s') &&"
                + " (!(has(object.metadata.labels) && 'tier' in object.metadata.labels &&"
                + " object.metadata.labels['tier'] in ['web'])))))");
    assertThat(policy(desired, "bulwark-prod-probes").getSpec().getMatchConditions())
        .extracting(MatchCondition::getName)
        .doesNotContain("not-excepted");
  }

  @Test
  void celStringsCannotBeEndedByTheirValue() {
    assertThat(CelText.string("a'b\\c\n")).isEqualTo("'a\\'b\\\\c\\n'");
    assertThat(CelText.strings(List.of("x", "y"))).isEqualTo("['x', 'y']");
  }

  private static ValidatingAdmissionPolicy policy(ValidatingPolicies.Desired desired, String name) {
    return desired.policies().stream()
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
