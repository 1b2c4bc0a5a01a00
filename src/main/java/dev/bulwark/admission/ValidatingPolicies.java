package dev.bulwark.admission;

import dev.bulwark.api.AdmissionAction;
import dev.bulwark.api.ExceptionSpec;
import dev.bulwark.api.Mode;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.plan.AuditConfig;
import dev.bulwark.plan.Ownership;
import dev.bulwark.policy.EngineConfig;
import dev.bulwark.policy.hardening.HardeningCheckIds;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchResourcesBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The ValidatingAdmissionPolicies a baseline asks for: one policy per Bulwark check it enables,
 * each with one binding that selects the namespaces the baseline governs by their immutable {@code
 * kubernetes.io/metadata.name} label. Policies match Pods (and their {@code ephemeralcontainers}
 * subresource), ReplicationControllers, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs
 * and CronJobs on CREATE, and on UPDATE only when the pod spec changes (so metadata-only updates,
 * such as a finalizer's removal, of objects admitted earlier are never refused). Active exceptions
 * for a check become a match condition of its policy.
 *
 * <p>Pure: the same inputs give equal objects, so the operator compares them with what exists.
 */
public final class ValidatingPolicies {

  /** Label naming the check a generated policy and binding enforce. */
  public static final String CHECK_LABEL = "bulwark.dev/check";

  /** The label the API server sets on every namespace to its name; nobody can change it. */
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  static final String SPEC_OF =
      "(request.resource.resource == 'pods' ? %1$s.spec"
          + " : request.resource.resource == 'cronjobs' ? %1$s.spec.jobTemplate.spec.template.spec"
          + " : %1$s.spec.template.spec)";

  static final String HAS_SPEC =
      "(request.resource.resource == 'pods' || (request.resource.resource == 'cronjobs'"
          + " ? has(%1$s.spec.jobTemplate.spec) && has(%1$s.spec.jobTemplate.spec.template)"
          + " : has(%1$s.spec.template)))";

  private ValidatingPolicies() {}

  /**
   * The policies and bindings for {@code baseline}.
   *
   * @param governed names of the namespaces the baseline governs now; no binding when empty
   * @param activeExceptions the baseline's exceptions in force now
   * @return empty when the baseline turns the policies off or enables no Bulwark check
   */
  public static Desired desired(
      SecurityBaseline baseline,
      Collection<String> governed,
      Collection<ExceptionSpec> activeExceptions) {
    if (baseline.getSpec().admission == null || !baseline.getSpec().admission.validatingPolicies) {
      return new Desired(List.of(), List.of());
    }
    EngineConfig config = AuditConfig.from(baseline.getSpec());
    List<String> actions = denies(baseline) ? DENY : WARN;
    List<String> namespaces = new ArrayList<>(new TreeSet<>(governed));
    List<ValidatingAdmissionPolicy> policies = new ArrayList<>();
    List<ValidatingAdmissionPolicyBinding> bindings = new ArrayList<>();
    for (String check : HardeningCheckIds.ALL) {
      if (!config.bulwarkChecks().contains(check)) {
        continue;
      }
      String name = name(baseline.getMetadata().getName(), check);
      policies.add(
          policy(baseline, name, CheckCel.of(check, config.allowedRegistries()), activeExceptions));
      if (!namespaces.isEmpty()) {
        bindings.add(binding(baseline, name, check, actions, namespaces));
      }
    }
    return new Desired(policies, bindings);
  }

  /**
   * What a baseline wants to exist.
   *
   * @param policies one per enabled check, in catalogue order
   * @param bindings one per policy, or none when no namespace is governed
   */
  public record Desired(
      List<ValidatingAdmissionPolicy> policies, List<ValidatingAdmissionPolicyBinding> bindings) {}

  /** The validation actions of a denying binding. */
  public static final List<String> DENY = List.of("Deny");

  /** The validation actions of a warning binding: the client is warned, the audit log annotated. */
  public static final List<String> WARN = List.of("Warn", "Audit");

  /** Whether {@code baseline} asks its policies to deny: Enforce mode with action Deny. */
  public static boolean denies(SecurityBaseline baseline) {
    return baseline.getSpec().mode == Mode.Enforce
        && (baseline.getSpec().admission == null
            || baseline.getSpec().admission.action != AdmissionAction.Warn);
  }

  /** The check a generated policy or binding enforces (its {@link #CHECK_LABEL}), or null. */
  public static String checkOf(io.fabric8.kubernetes.api.model.HasMetadata object) {
    return object.getMetadata().getLabels() == null
        ? null
        : object.getMetadata().getLabels().get(CHECK_LABEL);
  }

  /** {@code bulwark-<baseline>-<check in kebab case>}, e.g. {@code bulwark-prod-image-digest}. */
  public static String name(String baseline, String check) {
    return "bulwark-"
        + baseline
        + "-"
        + check.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private static ValidatingAdmissionPolicy policy(
      SecurityBaseline baseline,
      String name,
      CheckCel cel,
      Collection<ExceptionSpec> activeExceptions) {
    List<MatchCondition> conditions = new ArrayList<>();
    conditions.add(new MatchCondition(HAS_SPEC.formatted("object"), "has-pod-spec"));
    conditions.add(
        new MatchCondition(
            "request.operation != 'UPDATE' || !"
                + HAS_SPEC.formatted("oldObject")
                + " || "
                + SPEC_OF.formatted("object")
                + " != "
                + SPEC_OF.formatted("oldObject"),
            "pod-spec-created-or-changed"));
    exceptionCondition(cel.check(), activeExceptions)
        .ifPresent(expression -> conditions.add(new MatchCondition(expression, "not-excepted")));
    return new ValidatingAdmissionPolicyBuilder()
        .withMetadata(metadata(baseline, name, cel.check()))
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .withMatchPolicy("Equivalent")
        .withNamespaceSelector(new LabelSelector())
        .withObjectSelector(new LabelSelector())
        .withResourceRules(
            rule("", "pods", "pods/ephemeralcontainers", "replicationcontrollers"),
            rule("apps", "daemonsets", "deployments", "replicasets", "statefulsets"),
            rule("batch", "cronjobs", "jobs"))
        .endMatchConstraints()
        .withMatchConditions(conditions)
        .withVariables(
            new Variable(SPEC_OF.formatted("object"), "spec"),
            new Variable(
                "request.resource.resource == 'pods' ? 'spec' : request.resource.resource =="
                    + " 'cronjobs' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec'",
                "path"),
            new Variable(
                "has(variables.spec.initContainers) ? variables.spec.initContainers : []", "init"),
            new Variable(
                "has(variables.spec.containers) ? variables.spec.containers : []", "regular"),
            new Variable(
                "has(variables.spec.ephemeralContainers) ? variables.spec.ephemeralContainers : []",
                "ephemeral"),
            new Variable(
                "request.resource.resource == 'pods' ? !(has(variables.spec.restartPolicy) &&"
                    + " variables.spec.restartPolicy in ['Never', 'OnFailure'])"
                    + " : !(request.resource.resource in ['jobs', 'cronjobs'])",
                "longRunning"))
        .withValidations(
            new Validation(cel.expression(), null, cel.messageExpression(), "Forbidden"))
        .endSpec()
        .build();
  }

  /**
   * {@code !(e1 || e2 ...)} over the active exceptions naming {@code check}: each scoped to its
   * namespaces (of the request) and its selector (over the object's labels, as the engine matches
   * the workload's own labels); empty when none names the check.
   */
  static java.util.Optional<String> exceptionCondition(
      String check, Collection<ExceptionSpec> activeExceptions) {
    return excepted(List.of(check), activeExceptions).map(e -> "!" + e);
  }

  /**
   * A CEL condition true when one of the {@code activeExceptions} naming any of {@code checks}
   * covers the object under admission: the request's namespace is among its namespaces (or it names
   * none) and the object's labels match its selector. Empty when none names those checks.
   */
  public static java.util.Optional<String> excepted(
      Collection<String> checks, Collection<ExceptionSpec> activeExceptions) {
    List<String> covered = new ArrayList<>();
    for (ExceptionSpec exception : activeExceptions) {
      if (exception.checks.stream().noneMatch(checks::contains)) {
        continue;
      }
      String namespaces =
          exception.namespaces == null || exception.namespaces.isEmpty()
              ? "true"
              : "request.namespace in " + CelText.strings(exception.namespaces);
      covered.add("(" + namespaces + " && (" + SelectorCel.matches(exception.selector) + "))");
    }
    if (covered.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of("(" + String.join(" || ", covered) + ")");
  }

  static ValidatingAdmissionPolicyBinding binding(
      SecurityBaseline baseline,
      String name,
      String check,
      List<String> actions,
      List<String> namespaces) {
    return new ValidatingAdmissionPolicyBindingBuilder()
        .withMetadata(metadata(baseline, name, check))
        .withNewSpec()
        .withPolicyName(name)
        .withValidationActions(actions)
        .withMatchResources(
            new MatchResourcesBuilder()
                .withMatchPolicy("Equivalent")
                .withNamespaceSelector(
                    new LabelSelectorBuilder()
                        .addNewMatchExpression()
                        .withKey(NAMESPACE_NAME_LABEL)
                        .withOperator("In")
                        .withValues(namespaces)
                        .endMatchExpression()
                        .build())
                .withObjectSelector(new LabelSelector())
                .build())
        .endSpec()
        .build();
  }

  static NamedRuleWithOperations rule(String group, String... resources) {
    return new NamedRuleWithOperationsBuilder()
        .withApiGroups(group)
        .withApiVersions("v1")
        .withOperations("CREATE", "UPDATE")
        .withResources(resources)
        .withScope("*")
        .build();
  }

  static ObjectMeta metadata(SecurityBaseline baseline, String name, String check) {
    return new ObjectMetaBuilder()
        .withName(name)
        .addToLabels(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY_VALUE)
        .addToLabels(Ownership.BASELINE_LABEL, baseline.getMetadata().getName())
        .addToLabels(CHECK_LABEL, check)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(baseline.getApiVersion())
                .withKind(baseline.getKind())
                .withName(baseline.getMetadata().getName())
                .withUid(baseline.getMetadata().getUid())
                .build())
        .build();
  }
}
