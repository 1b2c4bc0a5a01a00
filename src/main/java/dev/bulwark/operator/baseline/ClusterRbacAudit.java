package dev.bulwark.operator.baseline;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.operator.informers.WithoutManagedFields;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.rbac.RbacAnalyzer;
import dev.bulwark.rbac.RbacCheck;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Dangerous ClusterRoleBindings that no namespace owns (to users, or to groups that stand for no
 * namespace), reported in each baseline's own status since no namespace's audit can see them. Its
 * informers map every change to every baseline; cluster-wide RBAC objects are few.
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
   * The cluster-level violations of the RBAC checks {@code baseline} forbids, minus those its
   * active exceptions cover (an exception without namespaces, matched on the binding's labels); the
   * namespace of each is empty.
   */
  List<Violation> violations(SecurityBaseline baseline, ActiveExceptions exceptions) {
    if (baseline.getSpec() == null || baseline.getSpec().rbac.forbid.isEmpty()) {
      return List.of();
    }
    Set<RbacCheck> forbidden = EnumSet.copyOf(baseline.getSpec().rbac.forbid);
    List<ClusterRoleBinding> all = bindings.list().toList();
    Map<String, Map<String, String>> labels =
        all.stream()
            .collect(
                Collectors.toMap(
                    b -> b.getMetadata().getName(),
                    b ->
                        b.getMetadata().getLabels() == null
                            ? Map.of()
                            : b.getMetadata().getLabels(),
                    (a, b) -> a));
    RbacSnapshot snapshot = RbacSnapshot.of(roles.list().toList(), List.of(), List.of(), all);
    return RbacAnalyzer.clusterFindings(snapshot, forbidden).stream()
        .filter(
            f ->
                !exceptions.covers(
                    f.check().name(), "", labels.getOrDefault(f.bindingName(), Map.of())))
        .map(ClusterRbacAudit::violation)
        .toList();
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
