package dev.bulwark.operator.namespace;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.AuditConfig;
import dev.bulwark.policy.Finding;
import dev.bulwark.policy.PolicyEngine;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Audits what exists in one namespace with the policy engine: top-level workloads and bare pods
 * (objects a controller owns are skipped: their owner's template carries the same verdict).
 */
public final class NamespaceAuditor {

  private static final Comparator<Violation> ORDER =
      Comparator.comparing(Violation::kind)
          .thenComparing(Violation::name)
          .thenComparing(Violation::check)
          .thenComparing(Violation::message);

  /** Engines by baseline uid and generation: building one per reconcile would waste work. */
  private final Map<String, PolicyEngine> engines = new ConcurrentHashMap<>();

  /** Violations in {@code namespace} under {@code baseline}, minus those excepted. */
  List<Violation> audit(
      String namespace,
      SecurityBaseline baseline,
      ActiveExceptions exceptions,
      NamespaceCaches caches) {
    PolicyEngine engine = engine(baseline);
    List<Violation> violations = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : NamespaceInformers.WORKLOADS) {
      for (HasMetadata object : caches.in(kind, namespace)) {
        if (controlled(object)) {
          continue;
        }
        for (Finding finding : engine.evaluate(object)) {
          if (!exceptions.covers(finding.check(), namespace, object.getMetadata().getLabels())) {
            violations.add(
                new Violation(
                    namespace,
                    object.getKind(),
                    object.getMetadata().getName(),
                    finding.check(),
                    finding.message()));
          }
        }
      }
    }
    violations.sort(ORDER);
    return violations;
  }

  private PolicyEngine engine(SecurityBaseline baseline) {
    String key = baseline.getMetadata().getUid() + "/" + baseline.getMetadata().getGeneration();
    return engines.computeIfAbsent(
        key,
        k -> {
          engines.keySet().removeIf(old -> old.startsWith(baseline.getMetadata().getUid() + "/"));
          return new PolicyEngine(AuditConfig.from(baseline.getSpec()));
        });
  }

  private static boolean controlled(HasMetadata object) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> Boolean.TRUE.equals(o.getController()));
  }
}
