package dev.bulwark.admission;

import dev.bulwark.api.Mode;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.plan.Ownership;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
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
 * The ValidatingAdmissionPolicies (and bindings) that keep what Bulwark owns in an Enforce
 * baseline's governed namespaces out of other writers' reach, inside the API server, so it holds
 * while the operator is down: UPDATE and DELETE of a NetworkPolicy, ResourceQuota, LimitRange or
 * OpenReports Report labelled {@code app.kubernetes.io/managed-by=bulwark} (the label of the object
 * as stored, so removing it is refused too), and an UPDATE of a governed ServiceAccount ({@code
 * default}, or every one with {@code serviceAccounts.allServiceAccounts}) that moves {@code
 * automountServiceAccountToken} away from the baseline's value, are refused unless the request
 * comes from the {@link TrustedWriters}. The message names the baseline and the proper way. Two
 * policies, so that each expression is type-checked against the kinds it reads: {@value #OBJECTS}
 * (the labelled kinds) and {@value #SERVICE_ACCOUNTS}.
 *
 * <p>Not refused, on purpose: creating objects (Bulwark deletes a labelled object it did not plan);
 * deleting a ServiceAccount, {@code default} included (the ServiceAccount controller makes {@code
 * default} again at once, the operator sets the field again on the event, and a pod's own {@code
 * automountServiceAccountToken} overrides the account's anyway: the {@code serviceAccountToken}
 * check is what guards pods); anything in a namespace being deleted (the namespace controller
 * empties it). Pure.
 */
public final class OwnedObjectGuard {

  /** The check label of the policy over the labelled owned objects. */
  public static final String OBJECTS = "ownedObjects";

  /** The check label of the policy over the ServiceAccount field. */
  public static final String SERVICE_ACCOUNTS = "ownedServiceAccounts";

  private OwnedObjectGuard() {}

  /**
   * The guard of {@code baseline}: none in Audit mode (nothing is written in namespaces then); no
   * bindings while it governs no namespace.
   */
  public static ValidatingPolicies.Desired desired(
      SecurityBaseline baseline, Collection<String> governed, TrustedWriters writers) {
    if (baseline.getSpec().mode != Mode.Enforce) {
      return new ValidatingPolicies.Desired(List.of(), List.of());
    }
    String baselineName = baseline.getMetadata().getName();
    String objects = ValidatingPolicies.name(baselineName, OBJECTS);
    String accounts = ValidatingPolicies.name(baselineName, SERVICE_ACCOUNTS);
    List<ValidatingAdmissionPolicy> policies =
        List.of(
            objectsPolicy(baseline, objects, writers), accountsPolicy(baseline, accounts, writers));
    List<String> namespaces = new ArrayList<>(new TreeSet<>(governed));
    if (namespaces.isEmpty()) {
      return new ValidatingPolicies.Desired(policies, List.of());
    }
    return new ValidatingPolicies.Desired(
        policies,
        List.of(
            ValidatingPolicies.binding(baseline, objects, OBJECTS, List.of("Deny"), namespaces),
            ValidatingPolicies.binding(
                baseline, accounts, SERVICE_ACCOUNTS, List.of("Deny"), namespaces)));
  }

  /** "of SecurityBaseline b (Enforce mode): change the baseline instead ..." */
  private static String howToChange(String baseline) {
    return " of SecurityBaseline "
        + baseline
        + " (Enforce mode): change the baseline instead (kubectl edit securitybaseline "
        + baseline
        + "), or ask a break-glass administrator; only the Bulwark operator and break-glass"
        + " subjects may write it";
  }

  private static final MatchCondition NAMESPACE_NOT_TERMINATING =
      new MatchCondition(
          "namespaceObject == null || !has(namespaceObject.metadata.deletionTimestamp)",
          "namespace-not-terminating");

  private static ValidatingAdmissionPolicy objectsPolicy(
      SecurityBaseline baseline, String name, TrustedWriters writers) {
    String managedBy =
        "has(oldObject.metadata.labels) && "
            + CelText.string(Ownership.MANAGED_BY_LABEL)
            + " in oldObject.metadata.labels && oldObject.metadata.labels["
            + CelText.string(Ownership.MANAGED_BY_LABEL)
            + "] == "
            + CelText.string(Ownership.MANAGED_BY_VALUE);
    return new ValidatingAdmissionPolicyBuilder()
        .withMetadata(ValidatingPolicies.metadata(baseline, name, OBJECTS))
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .withMatchPolicy("Equivalent")
        .withNamespaceSelector(new LabelSelector())
        .withObjectSelector(new LabelSelector())
        .withResourceRules(
            rule("networking.k8s.io", "v1", "networkpolicies"),
            rule("", "v1", "resourcequotas", "limitranges"),
            rule("openreports.io", "v1alpha1", "reports"))
        .endMatchConstraints()
        .withMatchConditions(
            new MatchCondition(managedBy, "owned-by-bulwark"),
            NAMESPACE_NOT_TERMINATING,
            new MatchCondition("!" + writers.requestIsTrusted(), "not-trusted-writer"))
        .withValidations(
            new Validation(
                "false",
                null,
                "request.kind.kind + ' ' + request.namespace + '/' + request.name + ' is owned by"
                    + " Bulwark: ' + (request.operation == 'DELETE' ? 'deleting' : 'changing')"
                    + " + ' it is refused; it is part' + "
                    + CelText.string(howToChange(baseline.getMetadata().getName())),
                "Forbidden"))
        .endSpec()
        .build();
  }

  private static ValidatingAdmissionPolicy accountsPolicy(
      SecurityBaseline baseline, String name, TrustedWriters writers) {
    boolean allAccounts = baseline.getSpec().serviceAccounts.allServiceAccounts;
    String planned = Boolean.toString(baseline.getSpec().serviceAccounts.automountToken);
    List<MatchCondition> conditions = new ArrayList<>();
    if (!allAccounts) {
      conditions.add(
          new MatchCondition("oldObject.metadata.name == 'default'", "governed-account"));
    }
    conditions.add(NAMESPACE_NOT_TERMINATING);
    conditions.add(new MatchCondition("!" + writers.requestIsTrusted(), "not-trusted-writer"));
    return new ValidatingAdmissionPolicyBuilder()
        .withMetadata(ValidatingPolicies.metadata(baseline, name, SERVICE_ACCOUNTS))
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .withMatchPolicy("Equivalent")
        .withNamespaceSelector(new LabelSelector())
        .withObjectSelector(new LabelSelector())
        .withResourceRules(
            new NamedRuleWithOperationsBuilder()
                .withApiGroups("")
                .withApiVersions("v1")
                .withOperations("UPDATE")
                .withResources("serviceaccounts")
                .withScope("*")
                .build())
        .endMatchConstraints()
        .withMatchConditions(conditions)
        .withVariables(
            new Variable(automount("object"), "automount"),
            new Variable(automount("oldObject"), "automountBefore"))
        .withValidations(
            new Validation(
                "variables.automount == variables.automountBefore"
                    + " || variables.automount == "
                    + CelText.string(planned),
                null,
                "'ServiceAccount ' + request.namespace + '/' + request.name + ':"
                    + " automountServiceAccountToken is kept at "
                    + planned
                    + " by spec.serviceAccounts' + "
                    + CelText.string(howToChange(baseline.getMetadata().getName())),
                "Forbidden"))
        .endSpec()
        .build();
  }

  /** {@code 'true'}, {@code 'false'} or {@code 'unset'}. */
  private static String automount(String object) {
    return "has("
        + object
        + ".automountServiceAccountToken) ? ("
        + object
        + ".automountServiceAccountToken ? 'true' : 'false') : 'unset'";
  }

  private static NamedRuleWithOperations rule(String group, String version, String... resources) {
    return new NamedRuleWithOperationsBuilder()
        .withApiGroups(group)
        .withApiVersions(version)
        .withOperations("UPDATE", "DELETE")
        .withResources(resources)
        .withScope("*")
        .build();
  }
}
