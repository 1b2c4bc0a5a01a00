package dev.bulwark.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.SecurityBaseline;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The owned-object guard and the tenant NetworkPolicy check a baseline asks for: which exist in
 * which mode, with which validation actions. What their CEL refuses is the ITs' job.
 */
class GuardAndTenantPoliciesTest {

  private static final TrustedWriters WRITERS =
      new TrustedWriters("system:serviceaccount:bulwark-system:bulwark", List.of(), List.of("sre"));

  private static SecurityBaseline baseline(String spec) {
    SecurityBaseline baseline = GeneratedPolicies.baseline("prod", spec);
    baseline.getMetadata().setUid("0b7a1d4e-0000-0000-0000-000000000002");
    return baseline;
  }

  @Test
  void enforceGuardsLabelledObjectsAndTheAccountFieldLettingTrustedWritersThrough() {
    ValidatingPolicies.Desired guard =
        OwnedObjectGuard.desired(baseline("mode: Enforce"), List.of("b", "a"), WRITERS);
    assertThat(guard.policies())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("bulwark-prod-owned-objects", "bulwark-prod-owned-service-accounts");
    assertThat(guard.bindings())
        .allSatisfy(
            b -> {
              assertThat(b.getSpec().getValidationActions()).containsExactly("Deny");
              assertThat(
                      b.getSpec().getMatchResources().getNamespaceSelector().getMatchExpressions())
                  .singleElement()
                  .satisfies(e -> assertThat(e.getValues()).containsExactly("a", "b"));
            });
    for (ValidatingAdmissionPolicy policy : guard.policies()) {
      assertThat(policy.getSpec().getMatchConditions())
          .anySatisfy(
              c -> {
                assertThat(c.getName()).isEqualTo("not-trusted-writer");
                assertThat(c.getExpression())
                    .isEqualTo("!" + WRITERS.requestIsTrusted())
                    .contains("'system:serviceaccount:bulwark-system:bulwark'", "'sre'");
              });
      assertThat(policy.getSpec().getMatchConditions())
          .anySatisfy(c -> assertThat(c.getName()).isEqualTo("namespace-not-terminating"));
    }
    assertThat(guard.policies().get(0).getSpec().getMatchConstraints().getResourceRules())
        .flatExtracting(r -> r.getResources())
        .containsExactly("networkpolicies", "resourcequotas", "limitranges", "reports");
    assertThat(guard.policies().get(0).getSpec().getMatchConstraints().getResourceRules())
        .allSatisfy(r -> assertThat(r.getOperations()).containsExactly("UPDATE", "DELETE"));
    assertThat(guard.policies().get(1).getSpec().getMatchConstraints().getResourceRules())
        .singleElement()
        .satisfies(r -> assertThat(r.getOperations()).containsExactly("UPDATE"));
  }

  @Test
  void allServiceAccountsDropsTheDefaultOnlyCondition() {
    ValidatingAdmissionPolicy accounts =
        OwnedObjectGuard.desired(
                baseline("serviceAccounts: {allServiceAccounts: true, automountToken: true}"),
                List.of("a"),
                WRITERS)
            .policies()
            .get(1);
    assertThat(accounts.getSpec().getMatchConditions())
        .noneMatch(c -> c.getName().equals("governed-account"));
    assertThat(accounts.getSpec().getValidations().get(0).getExpression())
        .endsWith("variables.automount == 'true'");
  }

  @Test
  void auditModeHasNoGuardAndNoBindingWithoutNamespaces() {
    assertThat(OwnedObjectGuard.desired(baseline("mode: Audit"), List.of("a"), WRITERS).policies())
        .isEmpty();
    ValidatingPolicies.Desired none =
        OwnedObjectGuard.desired(baseline("mode: Enforce"), List.of(), WRITERS);
    assertThat(none.policies()).hasSize(2);
    assertThat(none.bindings()).isEmpty();
  }

  @ParameterizedTest(name = "{0}, previewed {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mode: Enforce | true | Deny",
        "mode: Enforce | false | Warn Audit",
        "mode: Audit | true | Warn Audit",
        "{mode: Enforce, network: {tenantPolicies: {action: Report}}} | true | Warn Audit",
      })
  void tenantCheckDeniesOnlyInEnforceWithDenyOncePreviewed(
      String spec, boolean previewed, String actions) {
    ValidatingPolicies.Desired tenant =
        TenantNetworkPolicies.desired(baseline(spec), List.of("a"), List.of(), WRITERS, previewed);
    assertThat(tenant.policies())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.getMetadata().getName())
                    .isEqualTo("bulwark-prod-tenant-network-policy"));
    assertThat(tenant.bindings())
        .singleElement()
        .satisfies(
            b ->
                assertThat(b.getSpec().getValidationActions()).containsExactly(actions.split(" ")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "network: {defaultDeny: []}",
        "network: {tenantPolicies: {action: Allow}}",
        "admission: {validatingPolicies: false}",
      })
  void noTenantCheckWhenNothingIsDeniedOrItIsOff(String spec) {
    assertThat(
            TenantNetworkPolicies.desired(baseline(spec), List.of("a"), List.of(), WRITERS, true)
                .policies())
        .isEmpty();
  }
}
