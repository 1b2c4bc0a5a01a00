package dev.bulwark.operator.namespace;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.operator.informers.NoSecondaryIndex;
import dev.bulwark.operator.informers.SpecOrLabelsChanged;
import dev.bulwark.operator.informers.UpdateMapsOldAndNew;
import dev.bulwark.operator.informers.WithoutManagedFields;
import dev.bulwark.plan.Ownership;
import dev.bulwark.policy.WorkloadKind;
import dev.bulwark.rbac.AffectedNamespaces;
import dev.bulwark.rbac.RbacIndex;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The informers behind the namespace reconciler: one per kind over all namespaces, each mapping an
 * object to its own namespace, so one change costs one namespace's reconcile.
 */
final class NamespaceInformers {

  static final String OWNED_SELECTOR =
      Ownership.MANAGED_BY_LABEL + "=" + Ownership.MANAGED_BY_VALUE;

  /**
   * Objects per LIST page when an informer fills its cache: start-up never holds a whole list of
   * tens of thousands of pods as one response beside the cache it fills.
   */
  static final long LIST_PAGE = 500;

  private NamespaceInformers() {}

  static List<EventSource<?, Namespace>> create(
      EventSourceContext<Namespace> context, RbacSnapshots snapshots) {
    List<EventSource<?, Namespace>> sources = new ArrayList<>();
    sources.add(baselines(context));
    // Every NetworkPolicy, not only Bulwark's: tenants' policies are audited against the baseline.
    sources.add(allOf(NetworkPolicy.class, context));
    sources.add(owned(ResourceQuota.class, context));
    sources.add(owned(LimitRange.class, context));
    // managedFields kept: they tell which ServiceAccounts Bulwark patched, to release them later.
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ServiceAccount.class, Namespace.class)
                .withName("serviceaccounts")
                .withPrimaryToSecondaryMapper(NoSecondaryIndex.mapper())
                .withSecondaryToPrimaryMapper(NamespaceInformers::ownNamespace)
                .withInformerListLimit(LIST_PAGE)
                .build(),
            context));
    for (Class<? extends HasMetadata> kind : WorkloadKind.types()) {
      sources.add(workload(kind, context));
    }
    sources.addAll(rbac(context, snapshots));
    return sources;
  }

  /**
   * Name of the index by namespace that every fabric8 informer keeps from its start ({@code
   * Cache.NAMESPACE_INDEX}), which the namespace reconciler reads its caches through:
   * java-operator- sdk's {@code list(namespace)} filters the whole cache, which made each namespace
   * reconcile scan every cached pod, several times (a fifth of the CPU at start, issue 12). A
   * second index of our own by the same key cost a set per namespace and informer and an entry per
   * cached object (issue 24).
   */
  static final String BY_NAMESPACE =
      io.fabric8.kubernetes.client.informers.cache.Cache.NAMESPACE_INDEX;

  /**
   * RBAC informers: a binding maps to the namespaces it affects (its own for a RoleBinding, its
   * ServiceAccount subjects', every namespace for a group of everyone such as {@code
   * system:serviceaccounts}); a role maps through the bindings that use it. An updated binding maps
   * its old version too ({@link UpdateMapsOldAndNew}), so a removed subject clears its finding.
   */
  private static List<EventSource<?, Namespace>> rbac(
      EventSourceContext<Namespace> context, RbacSnapshots snapshots) {
    var primaries = context.getPrimaryCache();
    Supplier<List<String>> allNamespaces =
        () -> primaries.list().map(ns -> ns.getMetadata().getName()).toList();
    InformerEventSource<RoleBinding, Namespace> roleBindings =
        slim(
            RoleBinding.class,
            b -> ids(RbacIndex.namespacesAffectedBy(b), allNamespaces),
            snapshots,
            context);
    InformerEventSource<ClusterRoleBinding, Namespace> clusterRoleBindings =
        slim(
            ClusterRoleBinding.class,
            b -> ids(RbacIndex.namespacesAffectedBy(b), allNamespaces),
            snapshots,
            context);
    InformerEventSource<Role, Namespace> roles =
        slim(
            Role.class,
            role ->
                ids(
                    referencing(
                        RbacIndex.ROLE,
                        role.getMetadata().getNamespace(),
                        role.getMetadata().getName(),
                        roleBindings,
                        clusterRoleBindings),
                    allNamespaces),
            snapshots,
            context);
    InformerEventSource<ClusterRole, Namespace> clusterRoles =
        slim(
            ClusterRole.class,
            role ->
                ids(
                    referencing(
                        RbacIndex.CLUSTER_ROLE,
                        null,
                        role.getMetadata().getName(),
                        roleBindings,
                        clusterRoleBindings),
                    allNamespaces),
            snapshots,
            context);
    return List.of(roleBindings, clusterRoleBindings, roles, clusterRoles);
  }

  /** Namespaces affected by the bindings that reference a role, read from the binding caches. */
  private static AffectedNamespaces referencing(
      String kind,
      String namespace,
      String name,
      InformerEventSource<RoleBinding, Namespace> roleBindings,
      InformerEventSource<ClusterRoleBinding, Namespace> clusterRoleBindings) {
    return RbacIndex.bindingsReferencing(
            kind,
            namespace,
            name,
            namespace == null
                ? roleBindings.list().toList()
                : roleBindings.list(namespace).toList(),
            RbacIndex.CLUSTER_ROLE.equals(kind) ? clusterRoleBindings.list().toList() : List.of())
        .affectedNamespaces();
  }

  /**
   * An informer over all namespaces whose cache drops managedFields and whose updates map the old
   * object too.
   */
  private static <R extends HasMetadata> InformerEventSource<R, Namespace> slim(
      Class<R> kind,
      SecondaryToPrimaryMapper<R> mapper,
      RbacSnapshots snapshots,
      EventSourceContext<Namespace> context) {
    return new UpdateMapsOldAndNew<>(
        InformerEventSourceConfiguration.from(kind, Namespace.class)
            .withName(HasMetadata.getPlural(kind))
            .withPrimaryToSecondaryMapper(NoSecondaryIndex.mapper())
            .withSecondaryToPrimaryMapper(
                object -> {
                  // Every event of an RBAC informer passes here, after its cache has it.
                  snapshots.changed();
                  return mapper.toPrimaryResourceIDs(object);
                })
            .withItemStore(new WithoutManagedFields<>())
            .withInformerListLimit(LIST_PAGE)
            .build(),
        context);
  }

  private static Set<ResourceID> ids(
      AffectedNamespaces namespaces, Supplier<List<String>> allNamespaces) {
    Set<String> names =
        namespaces.everyNamespace() ? namespaces.resolve(allNamespaces.get()) : namespaces.named();
    return names.stream().map(ResourceID::new).collect(Collectors.toSet());
  }

  /**
   * A baseline change may concern any namespace: map it to all of them (baselines change rarely).
   */
  private static EventSource<?, Namespace> baselines(EventSourceContext<Namespace> context) {
    var primaries = context.getPrimaryCache();
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(SecurityBaseline.class, Namespace.class)
            .withName("securitybaselines")
            .withPrimaryToSecondaryMapper(NoSecondaryIndex.mapper())
            .withSecondaryToPrimaryMapper(
                baseline ->
                    primaries.list().map(ResourceID::fromResource).collect(Collectors.toSet()))
            // The baseline reconciler's own status writes must not fan out to every namespace:
            // only a new generation (spec), labels or a deletion concern the namespaces.
            .withOnUpdateFilter(NamespaceInformers::specLabelsOrDeletionChanged)
            .build(),
        context);
  }

  static boolean specLabelsOrDeletionChanged(SecurityBaseline newer, SecurityBaseline older) {
    return !java.util.Objects.equals(
            newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())
        || !java.util.Objects.equals(
            newer.getMetadata().getLabels(), older.getMetadata().getLabels())
        || !java.util.Objects.equals(
            newer.getMetadata().getDeletionTimestamp(), older.getMetadata().getDeletionTimestamp());
  }

  private static <R extends HasMetadata> EventSource<?, Namespace> owned(
      Class<R> kind, EventSourceContext<Namespace> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, Namespace.class)
            .withName(HasMetadata.getPlural(kind))
            .withPrimaryToSecondaryMapper(NoSecondaryIndex.mapper())
            .withLabelSelector(OWNED_SELECTOR)
            .withSecondaryToPrimaryMapper(NamespaceInformers::ownNamespace)
            .withItemStore(new WithoutManagedFields<>())
            .withInformerListLimit(LIST_PAGE)
            .build(),
        context);
  }

  private static <R extends HasMetadata> EventSource<?, Namespace> allOf(
      Class<R> kind, EventSourceContext<Namespace> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, Namespace.class)
            .withName(HasMetadata.getPlural(kind))
            .withPrimaryToSecondaryMapper(NoSecondaryIndex.mapper())
            .withSecondaryToPrimaryMapper(NamespaceInformers::ownNamespace)
            .withItemStore(new WithoutManagedFields<>())
            .withInformerListLimit(LIST_PAGE)
            .build(),
        context);
  }

  private static <R extends HasMetadata> EventSource<?, Namespace> workload(
      Class<R> kind, EventSourceContext<Namespace> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, Namespace.class)
            .withName(HasMetadata.getPlural(kind))
            .withPrimaryToSecondaryMapper(NoSecondaryIndex.mapper())
            .withSecondaryToPrimaryMapper(NamespaceInformers::ownNamespace)
            .withOnUpdateFilter(new SpecOrLabelsChanged<>())
            .withItemStore(new SlimWorkloads<>(kind))
            .withInformerListLimit(LIST_PAGE)
            .build(),
        context);
  }

  private static Set<ResourceID> ownNamespace(HasMetadata object) {
    return Set.of(new ResourceID(object.getMetadata().getNamespace()));
  }
}
