package dev.bulwark.admission;

import dev.bulwark.api.ExceptionSpec;
import dev.bulwark.api.Mode;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.TenantPolicyAction;
import dev.bulwark.plan.TenantNetworkRules;
import dev.bulwark.policy.network.TenantNetworkRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The ValidatingAdmissionPolicy (and binding) that checks NetworkPolicies written in a baseline's
 * governed namespaces by anyone but the {@link TrustedWriters} against the baseline's {@link
 * TenantNetworkRule}: on CREATE, and on UPDATE when the spec changes (so labels, annotations and
 * finalizers of policies admitted before can always be changed, and deletion is never checked).
 * Active exceptions for {@link TenantNetworkRule#CHECK} are a match condition over the policy's
 * labels.
 *
 * <p>Validation actions: {@code [Deny]} for a baseline in Enforce mode with {@code
 * tenantPolicies.action: Deny} once its generation is previewed (the caller says so: the status at
 * this generation names the existing policies that would be refused); {@code [Warn, Audit]}
 * otherwise (Report, Audit mode, or Deny not yet previewed). Pure.
 */
public final class TenantNetworkPolicies {

  private TenantNetworkPolicies() {}

  /**
   * The policy and binding for {@code baseline}, or an empty result when it does not check tenant
   * policies (action Allow, nothing denied) or turns its admission policies off.
   *
   * @param governed names of the namespaces the baseline governs; no binding when empty
   * @param previewed whether the status at the baseline's generation names what Deny would refuse
   */
  public static ValidatingPolicies.Desired desired(
      SecurityBaseline baseline,
      Collection<String> governed,
      Collection<ExceptionSpec> activeExceptions,
      TrustedWriters writers,
      boolean previewed) {
    var rule = TenantNetworkRules.of(baseline);
    if (rule.isEmpty()
        || baseline.getSpec().admission == null
        || !baseline.getSpec().admission.validatingPolicies) {
      return new ValidatingPolicies.Desired(List.of(), List.of());
    }
    String name =
        ValidatingPolicies.name(baseline.getMetadata().getName(), TenantNetworkRule.CHECK);
    ValidatingAdmissionPolicy policy =
        policy(baseline, name, rule.get(), activeExceptions, writers);
    List<String> namespaces = new ArrayList<>(new TreeSet<>(governed));
    if (namespaces.isEmpty()) {
      return new ValidatingPolicies.Desired(List.of(policy), List.of());
    }
    return new ValidatingPolicies.Desired(
        List.of(policy),
        List.of(
            ValidatingPolicies.binding(
                baseline,
                name,
                TenantNetworkRule.CHECK,
                actions(baseline, previewed),
                namespaces)));
  }

  /** Whether this baseline's tenant-policy binding would deny once previewed. */
  public static boolean deniesWhenPreviewed(SecurityBaseline baseline) {
    return baseline.getSpec().mode == Mode.Enforce
        && TenantNetworkRules.action(baseline) == TenantPolicyAction.Deny
        && TenantNetworkRules.of(baseline).isPresent();
  }

  static List<String> actions(SecurityBaseline baseline, boolean previewed) {
    return deniesWhenPreviewed(baseline) && previewed ? List.of("Deny") : List.of("Warn", "Audit");
  }

  private static ValidatingAdmissionPolicy policy(
      SecurityBaseline baseline,
      String name,
      TenantNetworkRule rule,
      Collection<ExceptionSpec> activeExceptions,
      TrustedWriters writers) {
    List<MatchCondition> conditions = new ArrayList<>();
    conditions.add(
        new MatchCondition(
            "request.operation != 'UPDATE' || object.spec != oldObject.spec",
            "spec-created-or-changed"));
    conditions.add(new MatchCondition("!" + writers.requestIsTrusted(), "not-trusted-writer"));
    ValidatingPolicies.exceptionCondition(TenantNetworkRule.CHECK, activeExceptions)
        .ifPresent(expression -> conditions.add(new MatchCondition(expression, "not-excepted")));
    return new ValidatingAdmissionPolicyBuilder()
        .withMetadata(ValidatingPolicies.metadata(baseline, name, TenantNetworkRule.CHECK))
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .withMatchPolicy("Equivalent")
        .withNamespaceSelector(new LabelSelector())
        .withObjectSelector(new LabelSelector())
        .withResourceRules(
            new NamedRuleWithOperationsBuilder()
                .withApiGroups("networking.k8s.io")
                .withApiVersions("v1")
                .withOperations("CREATE", "UPDATE")
                .withResources("networkpolicies")
                .withScope("*")
                .build())
        .endMatchConstraints()
        .withMatchConditions(conditions)
        .withVariables(
            new Variable(TenantNetworkPolicyCel.TYPES, "types"),
            new Variable(TenantNetworkPolicyCel.reopened(rule), "reopened"))
        .withValidations(
            new Validation(
                "size(variables.reopened) == 0",
                null,
                TenantNetworkPolicyCel.message(rule),
                "Forbidden"))
        .endSpec()
        .build();
  }
}
