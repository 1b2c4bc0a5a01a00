package dev.bulwark.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The RBAC objects the analyzer reads, indexed once so that analyzing one namespace touches only
 * the bindings that affect it. Immutable: it holds the given objects (not copies), which callers
 * must not mutate afterwards, just as informer cache objects must not be mutated.
 */
public final class RbacSnapshot {

  private static final RbacSnapshot EMPTY = of(List.of(), List.of(), List.of(), List.of());

  private final Map<String, ClusterRole> clusterRoles = new HashMap<>();
  private final Map<NamespacedName, Role> roles = new HashMap<>();
  private final List<RoleBinding> roleBindings;
  private final List<ClusterRoleBinding> clusterRoleBindings;
  private final Map<String, List<RoleBinding>> roleBindingsByAffectedNamespace = new HashMap<>();
  private final Map<String, List<ClusterRoleBinding>> clusterRoleBindingsByAffectedNamespace =
      new HashMap<>();
  private final List<RoleBinding> roleBindingsAffectingEveryNamespace = new ArrayList<>();
  private final List<ClusterRoleBinding> clusterRoleBindingsAffectingEveryNamespace =
      new ArrayList<>();
  private final Map<RoleKey, List<RoleBinding>> roleBindingsByRole = new HashMap<>();
  private final Map<String, List<ClusterRoleBinding>> clusterRoleBindingsByRole = new HashMap<>();

  private RbacSnapshot(
      Collection<ClusterRole> clusterRoles,
      Collection<Role> roles,
      Collection<RoleBinding> roleBindings,
      Collection<ClusterRoleBinding> clusterRoleBindings) {
    clusterRoles.stream()
        .filter(RbacSnapshot::isNamed)
        .forEach(role -> this.clusterRoles.put(role.getMetadata().getName(), role));
    roles.stream()
        .filter(RbacSnapshot::isNamed)
        .forEach(role -> this.roles.put(NamespacedName.of(role), role));
    this.roleBindings = roleBindings.stream().filter(RbacSnapshot::isNamed).toList();
    this.clusterRoleBindings = clusterRoleBindings.stream().filter(RbacSnapshot::isNamed).toList();
    for (RoleBinding binding : this.roleBindings) {
      BindingView view = BindingView.of(binding);
      AffectedNamespaces affected = RbacIndex.namespacesAffectedBy(binding);
      if (affected.everyNamespace()) {
        roleBindingsAffectingEveryNamespace.add(binding);
      } else {
        affected.named().forEach(ns -> addTo(roleBindingsByAffectedNamespace, ns, binding));
      }
      addTo(roleBindingsByRole, RoleKey.of(view), binding);
    }
    for (ClusterRoleBinding binding : this.clusterRoleBindings) {
      AffectedNamespaces affected = RbacIndex.namespacesAffectedBy(binding);
      if (affected.everyNamespace()) {
        clusterRoleBindingsAffectingEveryNamespace.add(binding);
      } else {
        affected.named().forEach(ns -> addTo(clusterRoleBindingsByAffectedNamespace, ns, binding));
      }
      addTo(clusterRoleBindingsByRole, BindingView.of(binding).roleName(), binding);
    }
  }

  /** A snapshot of the given objects; objects without a name are skipped, last duplicate wins. */
  public static RbacSnapshot of(
      Collection<ClusterRole> clusterRoles,
      Collection<Role> roles,
      Collection<RoleBinding> roleBindings,
      Collection<ClusterRoleBinding> clusterRoleBindings) {
    return new RbacSnapshot(clusterRoles, roles, roleBindings, clusterRoleBindings);
  }

  /** A snapshot with no RBAC objects at all. */
  public static RbacSnapshot empty() {
    return EMPTY;
  }

  /** The ClusterRole of that name, if present. */
  public Optional<ClusterRole> clusterRole(String name) {
    return Optional.ofNullable(clusterRoles.get(name));
  }

  /** The Role of that namespace and name, if present. */
  public Optional<Role> role(String namespace, String name) {
    return Optional.ofNullable(roles.get(new NamespacedName(namespace, name)));
  }

  /** All RoleBindings, in every namespace. */
  public List<RoleBinding> roleBindings() {
    return roleBindings;
  }

  /** All ClusterRoleBindings. */
  public List<ClusterRoleBinding> clusterRoleBindings() {
    return clusterRoleBindings;
  }

  /** RoleBindings in the namespace, each once. Bindings the analyzer ignores are left out. */
  List<RoleBinding> roleBindingsAffecting(String namespace) {
    return concat(
        roleBindingsByAffectedNamespace.getOrDefault(namespace, List.of()),
        roleBindingsAffectingEveryNamespace);
  }

  /**
   * ClusterRoleBindings naming one of the namespace's service accounts (or its {@code
   * system:serviceaccounts:<ns>} group), each once. Bindings the analyzer ignores are left out.
   */
  List<ClusterRoleBinding> clusterRoleBindingsAffecting(String namespace) {
    return concat(
        clusterRoleBindingsByAffectedNamespace.getOrDefault(namespace, List.of()),
        clusterRoleBindingsAffectingEveryNamespace);
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    if (second.isEmpty()) {
      return first;
    }
    List<T> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  /** RoleBindings whose roleRef points at that role (a Role's namespace is the binding's). */
  List<RoleBinding> roleBindingsReferencing(String roleKind, String roleNamespace, String name) {
    String namespace = RbacIndex.ROLE.equals(roleKind) ? roleNamespace : null;
    return roleBindingsByRole.getOrDefault(new RoleKey(roleKind, namespace, name), List.of());
  }

  /** ClusterRoleBindings whose roleRef points at that ClusterRole. */
  List<ClusterRoleBinding> clusterRoleBindingsReferencing(String clusterRoleName) {
    return clusterRoleBindingsByRole.getOrDefault(clusterRoleName, List.of());
  }

  /**
   * The rules of the role a binding refers to, or empty when that role is not in the snapshot. An
   * aggregated ClusterRole counts with the rules on the object (which the aggregation controller
   * fills in); its aggregationRule alone grants nothing.
   */
  Optional<List<PolicyRule>> rulesOf(BindingView binding) {
    if (RbacIndex.CLUSTER_ROLE.equals(binding.roleKind())) {
      return clusterRole(binding.roleName()).map(role -> rulesOrEmpty(role.getRules()));
    }
    if (RbacIndex.ROLE.equals(binding.roleKind()) && binding.namespace() != null) {
      return role(binding.namespace(), binding.roleName())
          .map(role -> rulesOrEmpty(role.getRules()));
    }
    return Optional.empty();
  }

  private static List<PolicyRule> rulesOrEmpty(List<PolicyRule> rules) {
    return rules == null ? List.of() : rules.stream().filter(Objects::nonNull).toList();
  }

  private static boolean isNamed(HasMetadata object) {
    return object != null && object.getMetadata() != null && object.getMetadata().getName() != null;
  }

  private static <K, V> void addTo(Map<K, List<V>> index, K key, V value) {
    index.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
  }

  /** Key of a Role: namespace plus name. */
  private record NamespacedName(String namespace, String name) {
    static NamespacedName of(HasMetadata object) {
      return new NamespacedName(
          object.getMetadata().getNamespace(), object.getMetadata().getName());
    }
  }

  /** Key of a roleRef as seen from a RoleBinding: namespace is set only for kind Role. */
  private record RoleKey(String kind, String namespace, String name) {
    static RoleKey of(BindingView binding) {
      String namespace = RbacIndex.ROLE.equals(binding.roleKind()) ? binding.namespace() : null;
      return new RoleKey(binding.roleKind(), namespace, binding.roleName());
    }
  }
}
