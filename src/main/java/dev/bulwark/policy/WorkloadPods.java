package dev.bulwark.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that knows where each workload kind keeps its pod spec: Pod, Deployment,
 * ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController and PodTemplate.
 */
public final class WorkloadPods {

  /** Model class for each supported kind, for readers that bind documents by their kind. */
  public static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "Pod", Pod.class,
          "Deployment", Deployment.class,
          "ReplicaSet", ReplicaSet.class,
          "StatefulSet", StatefulSet.class,
          "DaemonSet", DaemonSet.class,
          "Job", Job.class,
          "CronJob", CronJob.class,
          "ReplicationController", ReplicationController.class,
          "PodTemplate", PodTemplate.class);

  private static final String TEMPLATE = "spec.template";
  private static final String CRONJOB_TEMPLATE = "spec.jobTemplate.spec.template";

  private WorkloadPods() {}

  /** Whether {@code kind} carries a pod spec this class can extract. */
  public static boolean supports(String kind) {
    return KINDS.containsKey(kind);
  }

  /**
   * The pod inside {@code object}, or empty when it is not a workload or has no pod template (as
   * upstream's admission skips controllers without one).
   */
  public static Optional<PodTarget> extract(HasMetadata object) {
    return switch (object) {
      case Pod pod ->
          Optional.of(
              new PodTarget(
                  pod.getMetadata(),
                  orEmpty(pod.getSpec()),
                  "spec",
                  "metadata",
                  !runsToCompletion(pod.getSpec())));
      case Deployment d -> template(d.getSpec() == null ? null : d.getSpec().getTemplate(), true);
      case ReplicaSet r -> template(r.getSpec() == null ? null : r.getSpec().getTemplate(), true);
      case StatefulSet s -> template(s.getSpec() == null ? null : s.getSpec().getTemplate(), true);
      case DaemonSet d -> template(d.getSpec() == null ? null : d.getSpec().getTemplate(), true);
      case ReplicationController r ->
          template(r.getSpec() == null ? null : r.getSpec().getTemplate(), true);
      case Job j -> template(j.getSpec() == null ? null : j.getSpec().getTemplate(), false);
      case CronJob c -> cronJob(c);
      case PodTemplate t -> podTemplate(t);
      default -> Optional.empty();
    };
  }

  private static Optional<PodTarget> template(PodTemplateSpec template, boolean longRunning) {
    return at(template, TEMPLATE, longRunning);
  }

  private static Optional<PodTarget> cronJob(CronJob cronJob) {
    JobTemplateSpec jobTemplate =
        cronJob.getSpec() == null ? null : cronJob.getSpec().getJobTemplate();
    PodTemplateSpec template =
        jobTemplate == null || jobTemplate.getSpec() == null
            ? null
            : jobTemplate.getSpec().getTemplate();
    return at(template, CRONJOB_TEMPLATE, false);
  }

  private static Optional<PodTarget> podTemplate(PodTemplate podTemplate) {
    PodTemplateSpec template = podTemplate.getTemplate();
    boolean longRunning = template == null || !runsToCompletion(template.getSpec());
    return at(template, "template", longRunning);
  }

  private static Optional<PodTarget> at(
      PodTemplateSpec template, String templatePath, boolean longRunning) {
    if (template == null) {
      return Optional.empty();
    }
    return Optional.of(
        new PodTarget(
            template.getMetadata(),
            orEmpty(template.getSpec()),
            templatePath + ".spec",
            templatePath + ".metadata",
            longRunning));
  }

  static boolean runsToCompletion(PodSpec spec) {
    String restartPolicy = spec == null ? null : spec.getRestartPolicy();
    return "Never".equals(restartPolicy) || "OnFailure".equals(restartPolicy);
  }

  private static PodSpec orEmpty(PodSpec spec) {
    return spec == null ? new PodSpec() : spec;
  }
}
