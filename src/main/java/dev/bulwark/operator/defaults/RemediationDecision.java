package dev.bulwark.operator.defaults;

import dev.bulwark.defaults.DefaultSetting;
import dev.bulwark.defaults.TemplateDefaults;
import dev.bulwark.policy.PodTarget;
import dev.bulwark.policy.WorkloadKind;
import dev.bulwark.policy.WorkloadPods;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, without calling the API server, what workload remediation does with one workload: the
 * rules of {@link WorkloadRemediator} as a pure function of the workload, the settings that apply
 * to it (the baseline's minus those its exceptions cover) and what this process remembers about it.
 */
final class RemediationDecision {

  private RemediationDecision() {}

  /**
   * What Bulwark remembers about one workload when deciding.
   *
   * @param key the workload as status names it ("Kind namespace/name")
   * @param revertedBefore whether it was found changed back before (here or in status)
   * @param prior Bulwark's last write of it in this process, or null
   * @param refusal the API server's message for the last refused write of this workload while its
   *     retry waits (backoff, same resourceVersion), else null
   * @param previewed whether the complete preview of the baseline's current generation is in status
   */
  record Memory(
      String key,
      boolean revertedBefore,
      RemediationState.Written prior,
      String refusal,
      boolean previewed) {}

  /** The step for {@code workload} under {@code settings}. */
  static RemediationStep decide(HasMetadata workload, Set<DefaultSetting> settings, Memory memory) {
    Optional<PodTarget> target = WorkloadPods.extract(workload);
    if (target.isEmpty() || madeFromRemediatedTemplate(workload) || memory.revertedBefore()) {
      return RemediationStep.NOTHING;
    }
    TemplateDefaults needed =
        TemplateDefaults.of(target.get().metadata(), target.get().spec(), settings);
    Optional<OwnerReference> controller = WorkloadKind.controllerOf(workload);
    if (controller.isPresent()) {
      // Another controller (an operator's custom resource, an Argo Rollout) owns this template and
      // would put it back: left alone, and said so.
      return needed.empty()
          ? RemediationStep.NOTHING
          : RemediationStep.list(
              needed,
              memory.key()
                  + ": not patched, controlled by "
                  + controller.get().getKind()
                  + " "
                  + controller.get().getName());
    }
    RemediationState.Written prior = memory.prior();
    if (prior != null) {
      if (older(workload.getMetadata().getResourceVersion(), prior.resourceVersion())) {
        return RemediationStep.NOTHING; // the cache has not seen our write yet
      }
      if (!TemplateDefaults.holds(target.get().spec(), prior.patch())) {
        return RemediationStep.reverted(prior.changes());
      }
    }
    if (needed.empty()) {
      return RemediationStep.NOTHING;
    }
    if (workload instanceof Job) {
      return RemediationStep.list(
          needed, memory.key() + ": not patched, a Job's pod template is immutable");
    }
    if (memory.refusal() != null) {
      return RemediationStep.refused(needed, memory.key() + ": " + memory.refusal());
    }
    String line = memory.key() + ": " + String.join(", ", needed.changes());
    return memory.previewed()
        ? RemediationStep.write(needed, line)
        : RemediationStep.list(needed, line);
  }

  /** Whether resourceVersion {@code a} is older than {@code b} (etcd revisions, else unequal). */
  static boolean older(String a, String b) {
    try {
      return Long.parseLong(a) < Long.parseLong(b);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Whether {@code object} was made from the template of a controller remediation patches in its
   * place (a ReplicaSet of a Deployment, a Job of a CronJob).
   */
  private static boolean madeFromRemediatedTemplate(HasMetadata object) {
    return WorkloadKind.of(object.getClass())
        .flatMap(kind -> kind.templateOwnerOf(object))
        .filter(WorkloadKind::remediated)
        .isPresent();
  }
}
