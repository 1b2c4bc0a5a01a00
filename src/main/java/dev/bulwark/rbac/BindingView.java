package dev.bulwark.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;

/** A RoleBinding or ClusterRoleBinding reduced to what the checks read, so one path serves both. */
record BindingView(
    String kind,
    String namespace,
    String name,
    String roleKind,
    String roleName,
    List<Subject> subjects) {

  static final String ROLE_BINDING = "RoleBinding";
  static final String CLUSTER_ROLE_BINDING = "ClusterRoleBinding";

  static BindingView of(RoleBinding binding) {
    return new BindingView(
        ROLE_BINDING,
        binding.getMetadata().getNamespace(),
        binding.getMetadata().getName(),
        kindOf(binding.getRoleRef()),
        nameOf(binding.getRoleRef()),
        subjectsOrEmpty(binding.getSubjects()));
  }

  static BindingView of(ClusterRoleBinding binding) {
    return new BindingView(
        CLUSTER_ROLE_BINDING,
        null,
        binding.getMetadata().getName(),
        kindOf(binding.getRoleRef()),
        nameOf(binding.getRoleRef()),
        subjectsOrEmpty(binding.getSubjects()));
  }

  private static String kindOf(RoleRef roleRef) {
    return roleRef == null ? null : roleRef.getKind();
  }

  private static String nameOf(RoleRef roleRef) {
    return roleRef == null ? null : roleRef.getName();
  }

  private static List<Subject> subjectsOrEmpty(List<Subject> subjects) {
    return subjects == null ? List.of() : subjects.stream().filter(s -> s != null).toList();
  }
}
