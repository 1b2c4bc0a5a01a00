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
 * <p>A finding is attributed to the namespace where the binding grants and whose identities hold
 * the grant, once: a RoleBinding only to its own namespace N, whatever its subjects (it grants in N
 * and nowhere else; a RoleBinding in N to {@code system:authenticated} is N's finding, not every
 * namespace's), every subject counting; a ClusterRoleBinding to the namespace N of each
 * ServiceAccount subject of N or group {@code system:serviceaccounts:N}, those subjects counting
 * ({@link #findings}).
 *
 * <p>Cluster level ({@link #clusterFindings}), reported once per cluster: ClusterRoleBindings whose
 * subjects belong to no namespace, users and groups (e.g. {@code User alice}, {@code Group devs})
 * including those that stand for everyone ({@code system:serviceaccounts}, {@code
 * system:authenticated}, {@code system:unauthenticated}, user {@code system:anonymous}).
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
   * forbidden role to users or groups that stand for no one namespace (not a service account, not
   * {@code system:serviceaccounts:<ns>}; the groups of everyone included). Their {@link
   * RbacFinding#namespace()} is null; in {@link RbacFinding#ORDER}, with findings implied by a
   * cluster-admin binding of the same subject left out (as {@link #withoutImpliedByClusterAdmin}).
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
   * A RoleBinding's subjects all count in its own namespace and nowhere else; a
   * ClusterRoleBinding's count in N when they are N's service accounts. {@code system:masters}
   * never counts.
   */
  private static List<Subject> subjectsAffecting(String namespace, BindingView binding) {
    return binding.subjects().stream()
        .filter(subject -> !SubjectIdentity.isSuperuserGroup(subject))
        .filter(
            subject ->
                binding.namespace() != null
                    ? namespace.equals(binding.namespace())
                    : SubjectIdentity.serviceAccountNamespace(subject, null)
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
