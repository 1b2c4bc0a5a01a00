package dev.bulwark.operator.baseline;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.operator.informers.NoSecondaryIndex;
import dev.bulwark.operator.informers.WithoutManagedFields;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.BaselineSelection;
import dev.bulwark.rbac.RbacAnalyzer;
import dev.bulwark.rbac.RbacFinding;
import dev.bulwark.rbac.RbacSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Dangerous ClusterRoleBindings that no namespace owns (to users, to groups that stand for no one
 * namespace, to the groups of everyone), reported in a baseline's own status since no namespace's
 * audit can see them. Each finding (binding, subject, check) is reported once per cluster, not once
 * per baseline: by the first valid baseline in precedence order (priority, then name) that forbids
 * the check and has no exception in force covering it. Its informers map every change to every
 * baseline; cluster-wide RBAC objects are few.
 */
final class ClusterRbacAudit {

  private final InformerEventSource<ClusterRoleBinding, SecurityBaseline> bindings;
  private final InformerEventSource<ClusterRole, SecurityBaseline> roles;

  ClusterRbacAudit(EventSourceContext<SecurityBaseline> context) {
    this.bindings = informer(ClusterRoleBinding.class, "cluster-role-bindings", context);
    this.roles = informer(ClusterRole.class, "cluster-roles", context);
  }

  List<EventSource<?, SecurityBaseline>> eventSources() {
    return List.of(bindings, roles);
  }

  /**
   * The cluster-level violations {@code baseline} reports among {@code all} baselines at {@code
   * now}: those of the RBAC checks it forbids that no baseline before it (valid, by {@link
   * BaselineSelection#PRECEDENCE}) reports, minus those its active exceptions cover (an exception
   * without namespaces, matched on the binding's labels); the namespace of each is empty.
   */
  List<Violation> violations(
      SecurityBaseline baseline,
      Collection<SecurityBaseline> all,
      BaselineSelection selection,
      Instant now) {
    if (baseline.getSpec() == null || baseline.getSpec().rbac.forbid.isEmpty()) {
      return List.of();
    }
    List<ClusterRoleBinding> clusterRoleBindings = bindings.list().toList();
    Map<String, Map<String, String>> labels =
        clusterRoleBindings.stream()
            .collect(
                Collectors.toMap(
                    b -> b.getMetadata().getName(),
                    b ->
                        b.getMetadata().getLabels() == null
                            ? Map.of()
                            : b.getMetadata().getLabels(),
                    (a, b) -> a));
    RbacSnapshot snapshot =
        RbacSnapshot.of(roles.list().toList(), List.of(), List.of(), clusterRoleBindings);
    List<SecurityBaseline> reporters =
        all.stream()
            .filter(b -> b.getSpec() != null && !b.getSpec().rbac.forbid.isEmpty())
            .filter(b -> b.getMetadata().getDeletionTimestamp() == null)
            .filter(b -> selection.valid(b) || sameBaseline(b, baseline))
            .sorted(BaselineSelection.PRECEDENCE)
            .toList();
    Set<String> claimed = new HashSet<>();
    for (SecurityBaseline reporter : reporters) {
      ActiveExceptions exceptions = ActiveExceptions.at(reporter.getSpec().exceptions, now);
      List<RbacFinding> mine =
          RbacAnalyzer.clusterFindings(snapshot, EnumSet.copyOf(reporter.getSpec().rbac.forbid))
              .stream()
              .filter(
                  f ->
                      !exceptions.covers(
                          f.check().name(), "", labels.getOrDefault(f.bindingName(), Map.of())))
              .filter(f -> !claimed.contains(key(f)))
              .toList();
      if (sameBaseline(reporter, baseline)) {
        return mine.stream().map(ClusterRbacAudit::violation).toList();
      }
      mine.forEach(f -> claimed.add(key(f)));
    }
    return List.of();
  }

  private static boolean sameBaseline(SecurityBaseline a, SecurityBaseline b) {
    return a.getMetadata().getName().equals(b.getMetadata().getName());
  }

  /** One finding's identity: the same binding and subject tripping the same check. */
  private static String key(RbacFinding finding) {
    return finding.check() + "/" + finding.bindingName() + "/" + finding.subject();
  }

  private static Violation violation(RbacFinding finding) {
    return new Violation(
        "",
        finding.bindingKind(),
        finding.bindingName(),
        finding.check().name(),
        finding.message());
  }

  private static <R extends HasMetadata> InformerEventSource<R, SecurityBaseline> informer(
      Class<R> kind, String name, EventSourceContext<SecurityBaseline> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, SecurityBaseline.class)
            .withName(name)
            .withPrimaryToSecondaryMapper(NoSecondaryIndex.mapper())
            .withSecondaryToPrimaryMapper(
                object ->
                    context
                        .getPrimaryCache()
                        .list()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withItemStore(new WithoutManagedFields<>())
            .build(),
        context);
  }
}
