package dev.bulwark.admission;

import dev.bulwark.api.SecurityBaselineSpec;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.AuditConfig;
import dev.bulwark.policy.Finding;
import dev.bulwark.policy.hardening.HardeningCheckIds;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which existing objects a baseline's generated ValidatingAdmissionPolicies ({@link
 * ValidatingPolicies}) refuse the pods of, worked out from the policy engine's findings: the engine
 * and the policies' CEL give the same verdict on every check (proven by {@code AdmissionParityIT}),
 * so the preview needs no API call and no policy in Deny to try against. Used by the operator (over
 * each namespace's audit) and by {@code bulwark scan --baseline}.
 *
 * <p>Exceptions are applied as admission applies them: to the objects the API server is asked to
 * create, that is the pods (and, for a CronJob, its Jobs) with the labels of the template they are
 * made from, not the workload's own labels. An exception that expires moves the refusal to its
 * expiry ({@link PreviewedRefusal#from()}), so an expiry is announced before it takes effect.
 */
public final class AdmissionPreview {

  private final Set<String> checks;

  private AdmissionPreview(Set<String> checks) {
    this.checks = Set.copyOf(checks);
  }

  /** The preview for {@code spec}: its enabled Bulwark checks, none when policies are off. */
  public static AdmissionPreview of(SecurityBaselineSpec spec) {
    return new AdmissionPreview(checks(spec));
  }

  /** The checks {@code spec} generates a ValidatingAdmissionPolicy for, in catalogue order. */
  public static Set<String> checks(SecurityBaselineSpec spec) {
    if (spec == null || spec.admission == null || !spec.admission.validatingPolicies) {
      return Set.of();
    }
    Set<String> enabled = AuditConfig.from(spec).bulwarkChecks();
    Set<String> ordered = new java.util.LinkedHashSet<>();
    for (String check : HardeningCheckIds.ALL) {
      if (enabled.contains(check)) {
        ordered.add(check);
      }
    }
    return ordered;
  }

  /** Whether any policy is generated. */
  public boolean empty() {
    return checks.isEmpty();
  }

  /**
   * The refusals of {@code object}'s pods, one per check, from its {@code findings} (before any
   * exception is applied) and the {@code exceptions} in force; empty when admission admits them and
   * keeps admitting them.
   */
  public List<PreviewedRefusal> refusals(
      HasMetadata object, List<Finding> findings, ActiveExceptions exceptions) {
    Set<String> failing = new TreeSet<>();
    for (Finding finding : findings) {
      if (checks.contains(finding.check())) {
        failing.add(finding.check());
      }
    }
    if (failing.isEmpty()) {
      return List.of();
    }
    String namespace = object.getMetadata().getNamespace();
    List<Map<String, String>> labelSets = createdLabels(object);
    List<PreviewedRefusal> refusals = new ArrayList<>();
    for (String check : failing) {
      Instant from = null;
      boolean refused = false;
      for (Map<String, String> labels : labelSets) {
        Optional<Instant> until = exceptions.coveredUntil(check, namespace, labels);
        if (until.isEmpty()) {
          refused = true;
          from = null;
          break;
        }
        if (!Instant.MAX.equals(until.get())) {
          from = from == null || until.get().isBefore(from) ? until.get() : from;
        }
      }
      if (refused || from != null) {
        refusals.add(
            new PreviewedRefusal(
                object.getKind(), namespace, object.getMetadata().getName(), check, from));
      }
    }
    return refusals;
  }

  /**
   * The labels of the objects the API server is asked to create for {@code object}'s pods: a bare
   * pod's own; the pod template's for a controller; a CronJob's Job template and pod template.
   */
  static List<Map<String, String>> createdLabels(HasMetadata object) {
    return switch (object) {
      case Pod pod -> List.of(labels(pod.getMetadata()));
      case Deployment d ->
          List.of(template(d.getSpec() == null ? null : d.getSpec().getTemplate()));
      case ReplicaSet r ->
          List.of(template(r.getSpec() == null ? null : r.getSpec().getTemplate()));
      case StatefulSet s ->
          List.of(template(s.getSpec() == null ? null : s.getSpec().getTemplate()));
      case DaemonSet d -> List.of(template(d.getSpec() == null ? null : d.getSpec().getTemplate()));
      case ReplicationController r ->
          List.of(template(r.getSpec() == null ? null : r.getSpec().getTemplate()));
      case Job j -> List.of(template(j.getSpec() == null ? null : j.getSpec().getTemplate()));
      case CronJob c -> {
        var jobTemplate = c.getSpec() == null ? null : c.getSpec().getJobTemplate();
        yield List.of(
            jobTemplate == null ? Map.of() : labels(jobTemplate.getMetadata()),
            template(
                jobTemplate == null || jobTemplate.getSpec() == null
                    ? null
                    : jobTemplate.getSpec().getTemplate()));
      }
      default -> List.of(labels(object.getMetadata()));
    };
  }

  private static Map<String, String> template(PodTemplateSpec template) {
    return template == null ? Map.of() : labels(template.getMetadata());
  }

  private static Map<String, String> labels(ObjectMeta metadata) {
    return metadata == null || metadata.getLabels() == null ? Map.of() : metadata.getLabels();
  }

  /**
   * The status line naming one object and its refusals, e.g. {@code Deployment shop/web:
   * resourceLimits, resourceRequests} or {@code ... imageDigest from 2027-01-31T00:00:00Z}.
   */
  public static String line(List<PreviewedRefusal> refusalsOfOneObject) {
    PreviewedRefusal first = refusalsOfOneObject.get(0);
    return first.kind()
        + " "
        + first.namespace()
        + "/"
        + first.name()
        + ": "
        + checks(refusalsOfOneObject);
  }

  /**
   * The checks of one object's refusals, sorted, each with {@code from TIME} when it starts later:
   * {@code imageDigest from 2027-01-31T00:00:00Z, resourceLimits}.
   */
  public static String checks(List<PreviewedRefusal> refusalsOfOneObject) {
    Map<String, Instant> byCheck = new TreeMap<>();
    for (PreviewedRefusal r : refusalsOfOneObject) {
      byCheck.merge(
          r.check(), r.from() == null ? Instant.MIN : r.from(), (a, b) -> a.isBefore(b) ? a : b);
    }
    List<String> parts = new ArrayList<>();
    new TreeSet<>(byCheck.keySet())
        .forEach(
            check -> {
              Instant from = byCheck.get(check);
              parts.add(Instant.MIN.equals(from) ? check : check + " from " + from);
            });
    return String.join(", ", parts);
  }
}
