package dev.bulwark.policy.hardening;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.PodTarget;
import dev.bulwark.policy.PodView;

/** One of Bulwark's own checks, run on a workload's pod after the Pod Security Standards. */
public interface HardeningCheck {

  CheckInfo info();

  /**
   * @param pod the pod prepared for evaluation
   * @param target where it came from (long-running or not)
   * @param sink where findings go
   */
  void check(PodView pod, PodTarget target, FindingSink sink);
}
