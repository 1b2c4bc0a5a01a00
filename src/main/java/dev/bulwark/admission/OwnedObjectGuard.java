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
 * The ValidatingAdmissionPolicy (and binding) that keeps what Bulwark owns in an Enforce baseline's
 * governed namespaces out of other writers' reach, inside the API server, so it holds while the
 * operator is down: UPDATE and DELETE of a NetworkPolicy, ResourceQuota, LimitRange or OpenReports
 * Report labelled {@code app.kubernetes.io/managed-by=bulwark} (the label of the object as stored,
 * so removing it is refused too), and an UPDATE of a governed ServiceAccount ({@code default}, or
 * every one with {@code serviceAccounts.allServiceAccounts}) that moves {@code
 * automountServiceAccountToken} away from the baseline's value, are refused unless the request
 * comes from the {@link TrustedWriters}. The message names the baseline and the proper way.
 *
 * <p>Not refused, on purpose: creating objects (Bulwark deletes a labelled object it did not plan);
 * deleting a ServiceAccount, {@code default} included (the ServiceAccount controller makes {@code
 * default} again at once, the operator sets the field again on the event, and a pod's own {@code
 * automountServiceAccountToken} overrides the account's anyway: the {@code serviceAccountToken}
 * check is what guards pods); anything in a namespace being deleted (the namespace controller
 * empties it). Pure.
 */
public final class OwnedObjectGuard {

  /** The check label value of the guard policy and binding. */
  public static final String CHECK = "ownedObjects";

  private OwnedObjectGuard() {}

  /**
   * The guard of {@code baseline}: none in Audit mode (nothing is written in namespaces then); no
   * binding while it governs no namespace.
   */
  public static ValidatingPolicies.Desired desired(
      SecurityBaseline baseline, Collection<String> governed, TrustedWriters writers) {
    if (baseline.getSpec().mode != Mode.Enforce) {
      return new ValidatingPolicies.Desired(List.of(), List.of());
    }
    String name = ValidatingPolicies.name(baseline.getMetadata().getName(), CHECK);
    ValidatingAdmissionPolicy policy = policy(baseline, name, writers);
    List<String> namespaces = new ArrayList<>(new TreeSet<>(governed));
    if (namespaces.isEmpty()) {
      return new ValidatingPolicies.Desired(List.of(policy), List.of());
    }
    return new ValidatingPolicies.Desired(
        List.of(policy),
        List.of(ValidatingPolicies.binding(baseline, name, CHECK, List.of("Deny"), namespaces)));
  }

  private static ValidatingAdmissionPolicy policy(
      SecurityBaseline baseline, String name, TrustedWriters writers) {
    String baselineName = baseline.getMetadata().getName();
    boolean allAccounts = baseline.getSpec().serviceAccounts.allServiceAccounts;
    String planned = Boolean.toString(baseline.getSpec().serviceAccounts.automountToken);
    String howToChange =
        " of SecurityBaseline "
            + baselineName
            + " (Enforce mode): change the baseline instead (kubectl edit securitybaseline "
            + baselineName
            + "), or ask a break-glass administrator; only the Bulwark operator and break-glass"
            + " subjects may write it";
    String managedBy =
        "has(oldObject.metadata.labels) && "
            + CelText.string(Ownership.MANAGED_BY_LABEL)
            + " in oldObject.metadata.labels && oldObject.metadata.labels["
            + CelText.string(Ownership.MANAGED_BY_LABEL)
            + "] == "
            + CelText.string(Ownership.MANAGED_BY_VALUE);
    String governedAccount =
        "request.operation == 'UPDATE'"
            + (allAccounts ? "" : " && oldObject.metadata.name == 'default'");
    return new ValidatingAdmissionPolicyBuilder()
        .withMetadata(ValidatingPolicies.metadata(baseline, name, CHECK))
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .withMatchPolicy("Equivalent")
        .withNamespaceSelector(new LabelSelector())
        .withObjectSelector(new LabelSelector())
        .withResourceRules(
            rule("networking.k8s.io", "v1", "networkpolicies"),
            rule("", "v1", "resourcequotas", "limitranges", "serviceaccounts"),
            rule("openreports.io", "v1alpha1", "reports"))
        .endMatchConstraints()
        .withMatchConditions(
            new MatchCondition(
                "request.resource.resource == 'serviceaccounts' ? "
                    + governedAccount
                    + " : "
                    + managedBy,
                "owned-by-bulwark"),
            new MatchCondition(
                "namespaceObject == null || !has(namespaceObject.metadata.deletionTimestamp)",
                "namespace-not-terminating"),
            new MatchCondition("!" + writers.requestIsTrusted(), "not-trusted-writer"))
        .withVariables(
            new Variable(automount("object"), "automount"),
            new Variable(automount("oldObject"), "automountBefore"))
        .withValidations(
            new Validation(
                "request.resource.resource == 'serviceaccounts'",
                null,
                "request.kind.kind + ' ' + request.namespace + '/' + request.name + ' is owned by"
                    + " Bulwark: ' + (request.operation == 'DELETE' ? 'deleting' : 'changing')"
                    + " + ' it is refused; it is part'"
                    + " + "
                    + CelText.string(howToChange),
                "Forbidden"),
            new Validation(
                "request.resource.resource != 'serviceaccounts'"
                    + " || variables.automount == variables.automountBefore"
                    + " || variables.automount == "
                    + CelText.string(planned),
                null,
                "'ServiceAccount ' + request.namespace + '/' + request.name + ':"
                    + " automountServiceAccountToken is kept at "
                    + planned
                    + " by spec.serviceAccounts'"
                    + " + "
                    + CelText.string(howToChange),
                "Forbidden"))
        .endSpec()
        .build();
  }

  /**
   * {@code 'true'}, {@code 'false'} or {@code 'unset'}; {@code 'unset'} when there is no object.
   */
  private static String automount(String object) {
    return "("
        + object
        + " != null && has("
        + object
        + ".automountServiceAccountToken)) ? ("
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
