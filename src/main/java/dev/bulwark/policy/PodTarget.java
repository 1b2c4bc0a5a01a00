package dev.bulwark.policy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * The pod (or pod template) inside a workload object, with the field paths of its spec and metadata
 * in that object.
 *
 * @param metadata pod or template metadata; may be null
 * @param spec pod spec; never null
 * @param specPath e.g. {@code spec} for a Pod, {@code spec.jobTemplate.spec.template.spec} for a
 *     CronJob
 * @param metadataPath e.g. {@code metadata} for a Pod, {@code spec.template.metadata} for a
 *     Deployment
 * @param longRunning whether the pods are meant to keep running (not run-to-completion), which
 *     makes liveness and readiness probes expected
 */
public record PodTarget(
    ObjectMeta metadata, PodSpec spec, String specPath, String metadataPath, boolean longRunning) {

  /** Prepares the pod for one evaluation. */
  public PodView view() {
    return new PodView(metadata, spec, specPath, metadataPath);
  }
}
