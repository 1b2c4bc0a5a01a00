package dev.bulwark.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds dangerous bindings; pure, so the operator and the CLI give the same verdict.
 *
 * <p>Per namespace ({@link #findings}): a binding affects namespace N when it is a RoleBinding in N
 * (every subject counts), or a RoleBinding elsewhere or a ClusterRoleBinding whose subject is a
 * ServiceAccount of N, the group {@code system:serviceaccounts:N}, or a subject that stands for
 * everyone in every namespace ({@code system:serviceaccounts}, {@code system:authenticated}, {@code
 * system:unauthenticated}, user {@code system:anonymous}); only those subjects count then.
 *
 * <p>Cluster level ({@link #clusterFindings}): ClusterRoleBindings whose subjects are users or
 * groups no namespace owns (e.g. {@code User alice}, {@code Group devs}).
 *
 * <p>Kubernetes' own bootstrap bindings are skipped as described in {@link SystemBindings}: every
 * binding whose name starts with {@code system:}, unless it binds cluster-admin. Subjects in the
 * group {@code system:masters} are skipped: RBAC never restricts that group, so binding it grants
 * nothing.
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

  /**
   * The findings of the enabled checks that no namespace owns: ClusterRoleBindings granting a
   * forbidden role to users or groups that stand for no namespace (not a service account, not
   * {@code system:serviceaccounts:<ns>}, not a group of everyone, which {@link #findings} reports
   * in every namespace). Their {@link RbacFinding#namespace()} is null; in {@link
   * RbacFinding#ORDER}, with findings implied by a cluster-admin binding of the same subject left
   * out (as {@link #withoutImpliedByClusterAdmin}).
   */
  public static List<RbacFinding> clusterFindings(RbacSnapshot snapshot, Set<RbacCheck> enabled) {
    if (enabled.isEmpty()) {
      return List.of();
    }
    Set<RbacCheck> checks = EnumSet.copyOf(enabled);
    List<RbacFinding> findings = new ArrayList<>();
    for (ClusterRoleBinding binding : snapshot.clusterRoleBindings()) {
      BindingView view = BindingView.of(binding);
      if (SystemBindings.isIgnored(view)) {
        continue;
      }
      List<Subject> subjects =
          view.subjects().stream().filter(SubjectIdentity::ownedByNoNamespace).toList();
      if (subjects.isEmpty()) {
        continue;
      }
      Optional<List<PolicyRule>> rules = snapshot.rulesOf(view);
      for (RbacCheck check : checks) {
        if (CheckMatcher.matches(check, view, rules)) {
          for (Subject subject : subjects) {
            findings.add(finding(check, null, view, subject));
          }
        }
      }
    }
    findings.sort(RbacFinding.ORDER);
    return withoutImpliedByClusterAdmin(findings);
  }

  /**
   * cluster-admin implies every other pattern: keeps a binding's subject only under
   * ClusterAdminBinding when that check found it, so one exception for that check covers the
   * binding. Order is kept.
   */
  public static List<RbacFinding> withoutImpliedByClusterAdmin(List<RbacFinding> findings) {
    Set<String> clusterAdmin = new HashSet<>();
    for (RbacFinding finding : findings) {
      if (finding.check() == RbacCheck.ClusterAdminBinding) {
        clusterAdmin.add(bindingSubject(finding));
      }
    }
    return findings.stream()
        .filter(
            f ->
                f.check() == RbacCheck.ClusterAdminBinding
                    || !clusterAdmin.contains(bindingSubject(f)))
        .toList();
  }

  private static String bindingSubject(RbacFinding finding) {
    return finding.bindingKind()
        + "/"
        + finding.bindingNamespace()
        + "/"
        + finding.bindingName()
        + "/"
        + finding.subject();
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

  /**
   * In its own namespace a RoleBinding affects everyone; elsewhere only N's service accounts and
   * the subjects that stand for everyone. {@code system:masters} never counts.
   */
  private static List<Subject> subjectsAffecting(String namespace, BindingView binding) {
    return binding.subjects().stream()
        .filter(subject -> !SubjectIdentity.isSuperuserGroup(subject))
        .filter(
            subject ->
                namespace.equals(binding.namespace())
                    || SubjectIdentity.coversEveryNamespace(subject)
                    || SubjectIdentity.serviceAccountNamespace(subject, binding.namespace())
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
