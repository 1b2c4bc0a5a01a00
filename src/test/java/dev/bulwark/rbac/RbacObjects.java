package dev.bulwark.rbac;

import io.fabric8.kubernetes.api.model.rbac.AggregationRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.List;

/** Terse builders for the RBAC objects the rbac tests are made of. */
final class RbacObjects {

  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private RbacObjects() {}

  static PolicyRule rule(List<String> apiGroups, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(apiGroups)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }

  static PolicyRule ruleWithNames(
      List<String> apiGroups, List<String> resources, List<String> verbs, List<String> names) {
    return new PolicyRuleBuilder(rule(apiGroups, resources, verbs))
        .withResourceNames(names)
        .build();
  }

  static ClusterRole clusterRole(String name, PolicyRule... rules) {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withRules(rules)
        .build();
  }

  /** A ClusterRole with an aggregationRule and the rules the aggregation controller filled in. */
  static ClusterRole aggregatedClusterRole(String name, PolicyRule... aggregatedRules) {
    return new ClusterRoleBuilder(clusterRole(name, aggregatedRules))
        .withAggregationRule(
            new AggregationRuleBuilder()
                .addNewClusterRoleSelector()
                .addToMatchLabels("rbac.example.com/aggregate-to-" + name, "true")
                .endClusterRoleSelector()
                .build())
        .build();
  }

  static Role role(String namespace, String name, PolicyRule... rules) {
    return new RoleBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withRules(rules)
        .build();
  }

  static RoleBinding roleBinding(
      String namespace, String name, String roleKind, String roleName, Subject... subjects) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withRoleRef(
            new RoleRefBuilder()
                .withApiGroup(RBAC_GROUP)
                .withKind(roleKind)
                .withName(roleName)
                .build())
        .withSubjects(subjects)
        .build();
  }

  static ClusterRoleBinding clusterRoleBinding(
      String name, String clusterRoleName, Subject... subjects) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withRoleRef(
            new RoleRefBuilder()
                .withApiGroup(RBAC_GROUP)
                .withKind("ClusterRole")
                .withName(clusterRoleName)
                .build())
        .withSubjects(subjects)
        .build();
  }

  static Subject serviceAccount(String namespace, String name) {
    return new SubjectBuilder()
        .withKind("ServiceAccount")
        .withNamespace(namespace)
        .withName(name)
        .build();
  }

  static Subject user(String name) {
    return new SubjectBuilder().withApiGroup(RBAC_GROUP).withKind("User").withName(name).build();
  }

  static Subject group(String name) {
    return new SubjectBuilder().withApiGroup(RBAC_GROUP).withKind("Group").withName(name).build();
  }

  /** A snapshot builder so each test lists only the objects it is about. */
  static SnapshotBuilder snapshot() {
    return new SnapshotBuilder();
  }

  /** Collects RBAC objects of any kind into an {@link RbacSnapshot}. */
  static final class SnapshotBuilder {
    private final List<ClusterRole> clusterRoles = new ArrayList<>();
    private final List<Role> roles = new ArrayList<>();
    private final List<RoleBinding> roleBindings = new ArrayList<>();
    private final List<ClusterRoleBinding> clusterRoleBindings = new ArrayList<>();

    SnapshotBuilder with(Object... objects) {
      for (Object object : objects) {
        switch (object) {
          case ClusterRole clusterRole -> clusterRoles.add(clusterRole);
          case Role role -> roles.add(role);
          case RoleBinding binding -> roleBindings.add(binding);
          case ClusterRoleBinding binding -> clusterRoleBindings.add(binding);
          default -> throw new IllegalArgumentException("not an RBAC object: " + object);
        }
      }
      return this;
    }

    RbacSnapshot build() {
      return RbacSnapshot.of(clusterRoles, roles, roleBindings, clusterRoleBindings);
    }
  }
}
