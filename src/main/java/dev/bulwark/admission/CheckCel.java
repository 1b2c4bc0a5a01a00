package dev.bulwark.admission;

import dev.bulwark.policy.hardening.AllowedRegistry;
import dev.bulwark.policy.hardening.HardeningCheckIds;
import java.util.ArrayList;
import java.util.List;

/**
 * One Bulwark check as a CEL validation over the pod spec under admission: the same rule as the
 * engine's check in {@code dev.bulwark.policy.hardening} (the admission parity oracle proves they
 * agree), and a message that names the check, each offending container and the field, as the
 * engine's findings do.
 *
 * <p>The expressions read the policy variables {@link ValidatingPolicies} declares: {@code spec}
 * (the pod spec), {@code path} (its field path in the object, e.g. {@code spec.template.spec}),
 * {@code init}, {@code regular} and {@code ephemeral} (the three container lists, empty when
 * absent) and {@code longRunning} (false for Jobs, CronJobs and Pods that restart Never or
 * OnFailure, as in {@link dev.bulwark.policy.WorkloadPods}).
 *
 * @param check the check id ({@link HardeningCheckIds})
 * @param expression true when the object passes
 * @param messageExpression the refusal message, evaluated only when {@code expression} is false
 */
public record CheckCel(String check, String expression, String messageExpression) {

  private static final String RESOURCES = "['cpu', 'memory', 'ephemeral-storage']";
  private static final String IMAGE = ImageReferenceCel.IMAGE;
  private static final String WINDOWS =
      "(has(variables.spec.os) && has(variables.spec.os.name)"
          + " && variables.spec.os.name == 'windows')";

  /** The three container lists: policy variable and pod spec field. */
  private enum Lists {
    INIT("init", "initContainers"),
    REGULAR("regular", "containers"),
    EPHEMERAL("ephemeral", "ephemeralContainers");

    final String variable;
    final String field;

    Lists(String variable, String field) {
      this.variable = variable;
      this.field = field;
    }
  }

  /**
   * The CEL rule for {@code check}.
   *
   * @param allowedRegistries entries of the allowedRegistries check (registry or registry/path)
   * @throws IllegalArgumentException for an id that is not a Bulwark check
   */
  public static CheckCel of(String check, List<String> allowedRegistries) {
    return switch (check) {
      case HardeningCheckIds.IMAGE_DIGEST ->
          containers(
              check,
              "false",
              List.of(Lists.INIT, Lists.REGULAR, Lists.EPHEMERAL),
              ImageReferenceCel.pinned(),
              "'image not pinned by digest (container \"' + c.name + '\" uses image \"' + "
                  + IMAGE
                  + " + '\")'",
              "image");
      case HardeningCheckIds.ALLOWED_REGISTRIES -> allowedRegistries(allowedRegistries);
      case HardeningCheckIds.READ_ONLY_ROOT_FILESYSTEM ->
          containers(
              check,
              WINDOWS,
              List.of(Lists.INIT, Lists.REGULAR),
              "has(c.securityContext) && has(c.securityContext.readOnlyRootFilesystem)"
                  + " && c.securityContext.readOnlyRootFilesystem",
              "'readOnlyRootFilesystem != true (container \"' + c.name + '\" must set"
                  + " securityContext.readOnlyRootFilesystem=true)'",
              "securityContext.readOnlyRootFilesystem");
      case HardeningCheckIds.RESOURCE_REQUESTS ->
          // Kubernetes defaults a Pod's missing requests to its limits, so a limit counts.
          resources(
              check,
              "requests",
              "has(c.resources) && ((has(c.resources.requests) && r in c.resources.requests)"
                  + " || (has(c.resources.limits) && r in c.resources.limits))");
      case HardeningCheckIds.RESOURCE_LIMITS ->
          resources(
              check,
              "limits",
              "has(c.resources) && has(c.resources.limits) && r in c.resources.limits");
      case HardeningCheckIds.PROBES ->
          containers(
              check,
              "!variables.longRunning",
              List.of(Lists.REGULAR),
              "has(c.livenessProbe) && has(c.readinessProbe)",
              "'missing ' + ((has(c.livenessProbe) ? [] : ['livenessProbe'])"
                  + " + (has(c.readinessProbe) ? [] : ['readinessProbe'])).join(' and ')"
                  + " + ' (container \"' + c.name + '\" must set livenessProbe and"
                  + " readinessProbe)'",
              "livenessProbe");
      case HardeningCheckIds.SERVICE_ACCOUNT_TOKEN ->
          new CheckCel(
              check,
              "has(variables.spec.automountServiceAccountToken)"
                  + " && variables.spec.automountServiceAccountToken == false",
              message(
                  check,
                  "'service account token automounted (pod must set"
                      + " automountServiceAccountToken=false) at ' + variables.path"
                      + " + '.automountServiceAccountToken'"));
      case HardeningCheckIds.DEFAULT_SERVICE_ACCOUNT ->
          new CheckCel(
              check,
              "!(((has(variables.spec.serviceAccountName) && variables.spec.serviceAccountName !="
                  + " '') ? variables.spec.serviceAccountName : (has(variables.spec.serviceAccount)"
                  + " ? variables.spec.serviceAccount : '')) in ['', 'default'])",
              message(
                  check,
                  "'default service account (pod must set serviceAccountName to a dedicated"
                      + " account) at ' + variables.path + '.serviceAccountName'"));
      default -> throw new IllegalArgumentException("not a Bulwark check: " + check);
    };
  }

  private static CheckCel resources(String check, String field, String hasResource) {
    return containers(
        check,
        "false",
        List.of(Lists.INIT, Lists.REGULAR),
        RESOURCES + ".all(r, " + hasResource + ")",
        "'resource "
            + field
            + " missing (container \"' + c.name + '\" must set resources."
            + field
            + " for ' + "
            + RESOURCES
            + ".filter(r, !("
            + hasResource
            + ")).join(', ') + ')'",
        "resources." + field);
  }

  private static CheckCel allowedRegistries(List<String> allowed) {
    return containers(
        HardeningCheckIds.ALLOWED_REGISTRIES,
        "false",
        List.of(Lists.INIT, Lists.REGULAR, Lists.EPHEMERAL),
        ImageReferenceCel.allowed(allowed.stream().map(AllowedRegistry::parse).toList()),
        "'registry not allowed (container \"' + c.name + '\" ' + "
            + ImageReferenceCel.source()
            + " + "
            + CelText.string(
                "; allowed: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)) + ")"),
        "image");
  }

  /**
   * A rule over each container of {@code lists}: passes when {@code skip} holds or every container
   * satisfies {@code ok}; the message lists each offender's {@code detail} and field.
   */
  private static CheckCel containers(
      String check, String skip, List<Lists> lists, String ok, String detail, String field) {
    List<String> all = new ArrayList<>();
    List<String> offenders = new ArrayList<>();
    for (Lists list : lists) {
      String variable = "variables." + list.variable;
      all.add(variable + ".all(c, " + ok + ")");
      offenders.add(
          variable
              + ".filter(c, !("
              + ok
              + ")).map(c, "
              + detail
              + " + ' at ' + variables.path + '."
              + list.field
              + "[\"' + c.name + '\"]."
              + field
              + "')");
    }
    String expression = String.join(" && ", all);
    if (!"false".equals(skip)) {
      expression = skip + " || (" + expression + ")";
    }
    return new CheckCel(
        check, expression, message(check, "(" + String.join(" + ", offenders) + ").join('; ')"));
  }

  private static String message(String check, String detail) {
    return CelText.string(check + ": ") + " + " + detail;
  }
}
