package dev.bulwark.operator.namespace;

import dev.bulwark.admission.AdmissionPreview;
import dev.bulwark.admission.PreviewedRefusal;
import dev.bulwark.api.ContainerType;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.api.ViolationContainer;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.AuditConfig;
import dev.bulwark.policy.ContainerRef;
import dev.bulwark.policy.Finding;
import dev.bulwark.policy.Fingerprint;
import dev.bulwark.policy.PodContent;
import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.policy.WorkloadKind;
import dev.bulwark.rbac.RbacAnalyzer;
import dev.bulwark.rbac.RbacCheck;
import dev.bulwark.rbac.RbacFinding;
import dev.bulwark.rbac.RbacSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Audits what exists in one namespace with the policy engine: the template of every workload that
 * no audited controller made (Deployments, StatefulSets, DaemonSets, CronJobs, and ReplicaSets,
 * Jobs or ReplicationControllers of their own), and every pod that does not run what the template
 * standing for it says ({@link PodTemplates}: an old revision, an ephemeral container, a container
 * a webhook injected, a pod with no audited controller), judged by its own content and named as a
 * Pod; a pod equal to its template is covered by the template's findings. Then the RBAC bindings
 * that affect the namespace, with the RBAC analyzer. From the same findings it previews which of
 * the workloads, and of the pods no template stands for, the baseline's generated admission
 * policies refuse the pods of ({@link AdmissionPreview}).
 */
public final class NamespaceAuditor {

  static final Comparator<Violation> ORDER =
      Comparator.comparing(Violation::kind)
          .thenComparing(Violation::name)
          .thenComparing(Violation::check)
          .thenComparing(Violation::message);

  /** Engines by baseline uid: building one per reconcile would waste work. */
  private final Map<String, GenerationEngine> engines = new ConcurrentHashMap<>();

  /**
   * What one audit found.
   *
   * @param violations violations, minus those excepted, in a stable order
   * @param admissionRefusals the objects whose pods the generated admission policies refuse now or
   *     once their exceptions expire
   */
  record Result(List<Violation> violations, List<PreviewedRefusal> admissionRefusals) {}

  /** Violations in {@code namespace} under {@code baseline}, minus those excepted. */
  Result audit(
      String namespace,
      SecurityBaseline baseline,
      ActiveExceptions exceptions,
      NamespaceCaches caches) {
    GenerationEngine engines = engines(baseline);
    PolicyEngine engine = engines.engine();
    List<Violation> violations = new ArrayList<>();
    List<PreviewedRefusal> refusals = new ArrayList<>();
    PodTemplates templates = new PodTemplates(caches);
    for (Class<? extends HasMetadata> kind : WorkloadKind.types()) {
      if (kind == Pod.class) {
        continue;
      }
      for (HasMetadata cached : caches.in(kind, namespace)) {
        if (AuditedOwners.coveredByController(kind, cached, caches)) {
          continue;
        }
        // A stub whose controller is gone from the cache: audited whole, read from the API server.
        HasMetadata object = templates.whole(kind, cached);
        if (object == null) {
          continue;
        }
        List<Finding> findings = engine.evaluate(object);
        refusals.addAll(engines.preview().refusals(object, findings, exceptions));
        add(violations, object, findings, exceptions);
      }
    }
    for (Pod pod : caches.in(Pod.class, namespace)) {
      PodContent content = PodTemplates.contentOf(pod);
      Optional<Fingerprint> template = templates.templateFingerprint(pod);
      if (template.isPresent() && template.get().equals(content.fingerprint())) {
        continue; // runs what its controller's template says: the template's findings stand for it
      }
      List<Finding> findings = content.findings(engine, pod);
      if (template.isEmpty()) {
        // No controller makes this pod again from a template: the preview names the pod itself.
        refusals.addAll(engines.preview().refusals(pod, findings, exceptions));
      }
      add(violations, pod, findings, exceptions);
    }
    for (RbacFinding finding : rbacFindings(namespace, baseline, caches)) {
      Map<String, String> labels = bindingLabels(finding, caches);
      if (!exceptions.covers(finding.check().name(), namespace, labels)) {
        violations.add(
            new Violation(
                namespace,
                finding.bindingKind(),
                finding.bindingName(),
                finding.check().name(),
                finding.message()));
      }
    }
    violations.addAll(TenantPolicyAudit.violations(namespace, baseline, exceptions, caches));
    violations.sort(ORDER);
    return new Result(violations, List.copyOf(refusals));
  }

  /** Adds the findings on {@code object} that no active exception covers. */
  private static void add(
      List<Violation> violations,
      HasMetadata object,
      List<Finding> findings,
      ActiveExceptions exceptions) {
    String namespace = object.getMetadata().getNamespace();
    for (Finding finding : findings) {
      if (!exceptions.covers(finding.check(), namespace, object.getMetadata().getLabels())) {
        violations.add(
            new Violation(
                namespace,
                object.getKind(),
                object.getMetadata().getName(),
                finding.check(),
                finding.message(),
                container(finding.container())));
      }
    }
  }

  private static ViolationContainer container(ContainerRef ref) {
    if (ref == null) {
      return null;
    }
    ContainerType type =
        switch (ref.kind()) {
          case INIT -> ContainerType.InitContainer;
          case REGULAR -> ContainerType.Container;
          case EPHEMERAL -> ContainerType.EphemeralContainer;
        };
    return new ViolationContainer(ref.name(), type);
  }

  /** Dangerous bindings that affect {@code namespace}, for the checks the baseline forbids. */
  private static List<RbacFinding> rbacFindings(
      String namespace, SecurityBaseline baseline, NamespaceCaches caches) {
    if (baseline.getSpec().rbac.forbid.isEmpty()) {
      return List.of();
    }
    Set<RbacCheck> forbidden = EnumSet.copyOf(baseline.getSpec().rbac.forbid);
    RbacSnapshot snapshot = caches.rbacSnapshot();
    return withoutImpliedByClusterAdmin(RbacAnalyzer.findings(namespace, snapshot, forbidden));
  }

  /** See {@link RbacAnalyzer#withoutImpliedByClusterAdmin}. */
  static List<RbacFinding> withoutImpliedByClusterAdmin(List<RbacFinding> findings) {
    return RbacAnalyzer.withoutImpliedByClusterAdmin(findings);
  }

  private static Map<String, String> bindingLabels(RbacFinding finding, NamespaceCaches caches) {
    List<? extends HasMetadata> candidates =
        finding.bindingNamespace() == null
            ? caches.all(ClusterRoleBinding.class)
            : caches.in(RoleBinding.class, finding.bindingNamespace());
    return candidates.stream()
        .filter(b -> finding.bindingName().equals(b.getMetadata().getName()))
        .findFirst()
        .map(b -> b.getMetadata().getLabels())
        .orElse(Map.of());
  }

  /**
   * The engine for the baseline's current generation, built once per generation. Keyed by uid with
   * the generation stored beside it, so a new generation replaces the old engine in one atomic
   * compute (a ConcurrentHashMap must not be modified from inside its own compute).
   */
  PolicyEngine engine(SecurityBaseline baseline) {
    return engines(baseline).engine();
  }

  private GenerationEngine engines(SecurityBaseline baseline) {
    long generation =
        baseline.getMetadata().getGeneration() == null ? 0 : baseline.getMetadata().getGeneration();
    return engines.compute(
        baseline.getMetadata().getUid(),
        (uid, cached) ->
            cached != null && cached.generation() == generation
                ? cached
                : new GenerationEngine(
                    generation,
                    new PolicyEngine(AuditConfig.from(baseline.getSpec())),
                    AdmissionPreview.of(baseline.getSpec())));
  }

  /** A policy engine, the admission preview and the baseline generation they were built for. */
  private record GenerationEngine(long generation, PolicyEngine engine, AdmissionPreview preview) {}
}
