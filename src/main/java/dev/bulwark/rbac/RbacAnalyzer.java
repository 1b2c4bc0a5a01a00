package dev.bulwark.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the dangerous bindings that affect one namespace; pure, so the operator and the CLI give
 * the same verdict. A binding affects namespace N when it is a RoleBinding in N (every subject
 * counts), or a RoleBinding elsewhere or a ClusterRoleBinding whose subject is a ServiceAccount of
 * N (or the group {@code system:serviceaccounts:N}); only those subjects count then. Kubernetes'
 * own bootstrap bindings are skipped as described in {@link SystemBindings}: every binding whose
 * name starts with {@code system:}, unless it binds cluster-admin.
 */
public final class RbacAnalyzer {

  private RbacAnalyzer() {}

  /**
   * The findings of the enabled checks that affect {@code namespace}, in {@link RbacFinding#ORDER}.
   */
  public static List<RbacFinding> findings(
      String namespace, RbacSnapshot snapshot, Set<RbacCheck> enabled) {
    Objects.requireNonNull(namespace, "namespace");
    if (enabled.isEmpty()) {
      return List.of();
    }
    Set<RbacCheck> checks = EnumSet.copyOf(enabled);
    List<RbacFinding> findings = new ArrayList<>();
    for (RoleBinding binding : snapshot.roleBindingsAffecting(namespace)) {
      analyze(namespace, BindingView.of(binding), snapshot, checks, findings);
    }
    for (ClusterRoleBinding binding : snapshot.clusterRoleBindingsAffecting(namespace)) {
      analyze(namespace, BindingView.of(binding), snapshot, checks, findings);
    }
    findings.sort(RbacFinding.ORDER);
    return List.copyOf(findings);
  }

  private static void analyze(
      String namespace,
      BindingView binding,
      RbacSnapshot snapshot,
      Set<RbacCheck> checks,
      List<RbacFinding> findings) {
    if (SystemBindings.isIgnored(binding)) {
      return;
    }
    List<Subject> subjects = subjectsAffecting(namespace, binding);
    if (subjects.isEmpty()) {
      return;
    }
    Optional<List<PolicyRule>> rules = snapshot.rulesOf(binding);
    for (RbacCheck check : checks) {
      if (!CheckMatcher.matches(check, binding, rules)) {
        continue;
      }
      for (Subject subject : subjects) {
        findings.add(finding(check, namespace, binding, subject));
      }
    }
  }

  /** In its own namespace a RoleBinding affects everyone; elsewhere only N's service accounts. */
  private static List<Subject> subjectsAffecting(String namespace, BindingView binding) {
    if (namespace.equals(binding.namespace())) {
      return binding.subjects();
    }
    return binding.subjects().stream()
        .filter(
            subject ->
                SubjectIdentity.serviceAccountNamespace(subject, binding.namespace())
                    .filter(namespace::equals)
                    .isPresent())
        .toList();
  }

  private static RbacFinding finding(
      RbacCheck check, String namespace, BindingView binding, Subject subject) {
    return new RbacFinding(
        check,
        namespace,
        binding.kind(),
        binding.namespace(),
        binding.name(),
        binding.roleKind(),
        binding.roleName(),
        SubjectIdentity.id(subject, binding.namespace()),
        FindingMessage.of(check, binding, SubjectIdentity.describe(subject, binding.namespace())),
        check.severity(),
        check.remediation());
  }
}
