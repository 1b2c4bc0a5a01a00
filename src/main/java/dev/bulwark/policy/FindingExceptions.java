package dev.bulwark.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Decides whether a finding on an object is covered by an exception (a SecurityBaseline's scoped,
 * justified, expiring exceptions); exempt findings are dropped from results.
 */
@FunctionalInterface
public interface FindingExceptions {

  /** No exceptions at all. */
  FindingExceptions NONE = (object, finding) -> false;

  /**
   * @param object the object the finding is on (the workload, not the extracted pod template)
   * @param finding the finding
   * @return true to drop the finding
   */
  boolean isExempt(HasMetadata object, Finding finding);
}
