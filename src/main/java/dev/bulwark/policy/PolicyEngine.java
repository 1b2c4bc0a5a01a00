package dev.bulwark.policy;

import dev.bulwark.policy.hardening.HardeningCheck;
import dev.bulwark.policy.hardening.HardeningChecks;
import dev.bulwark.policy.pss.PssEvaluator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pure policy engine the operator and the CLI share: Pod Security Standards checks with
 * upstream's verdicts, then Bulwark's own checks, over fabric8 model objects. Immutable and safe to
 * share between threads.
 */
public final class PolicyEngine {

  private final EngineConfig config;
  private final PssEvaluator pss;
  private final HardeningCheck[] hardening;

  public PolicyEngine(EngineConfig config) {
    this.config = config;
    this.pss = PssEvaluator.standard();
    this.hardening =
        HardeningChecks.create(config.bulwarkChecks(), config.allowedRegistries())
            .toArray(new HardeningCheck[0]);
  }

  public EngineConfig config() {
    return config;
  }

  /** Whether {@code object} is a workload with a pod spec this engine evaluates. */
  public static boolean supports(HasMetadata object) {
    return WorkloadPods.extract(object).isPresent();
  }

  /**
   * All findings on a workload (Pod, Deployment, ..., PodTemplate), with paths into the object;
   * empty for kinds without a pod spec.
   */
  public List<Finding> evaluate(HasMetadata object) {
    Optional<PodTarget> target = WorkloadPods.extract(object);
    if (target.isEmpty()) {
      return List.of();
    }
    return evaluate(object, target.get());
  }

  /** All findings on the pod extracted from {@code owner}. */
  public List<Finding> evaluate(HasMetadata owner, PodTarget target) {
    PodView pod = target.view();
    FindingSink sink = new FindingSink();
    pss.evaluate(config.level(), config.version(), pod, sink);
    for (HardeningCheck check : hardening) {
      check.check(pod, target, sink);
    }
    return withoutExempt(owner, sink.findings());
  }

  /**
   * The Pod Security Standards verdict alone for a bare pod at the configured level and version:
   * true when the API server's PodSecurity admission would admit it. No exceptions apply.
   */
  public boolean admits(ObjectMeta metadata, PodSpec spec) {
    FindingSink sink = new FindingSink();
    pss.evaluate(config.level(), config.version(), PodView.ofPod(metadata, spec), sink);
    return sink.isEmpty();
  }

  /** Pod Security Standards findings alone for a bare pod (paths start at {@code spec}). */
  public List<Finding> podSecurityFindings(ObjectMeta metadata, PodSpec spec) {
    FindingSink sink = new FindingSink();
    pss.evaluate(config.level(), config.version(), PodView.ofPod(metadata, spec), sink);
    return sink.findings();
  }

  private List<Finding> withoutExempt(HasMetadata owner, List<Finding> findings) {
    if (findings.isEmpty() || config.exceptions() == FindingExceptions.NONE) {
      return findings;
    }
    List<Finding> kept = new ArrayList<>(findings.size());
    for (Finding finding : findings) {
      if (!config.exceptions().isExempt(owner, finding)) {
        kept.add(finding);
      }
    }
    return kept;
  }
}
