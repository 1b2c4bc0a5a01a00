package dev.bulwark.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;

/**
 * What a pod runs, as far as any check can tell: the {@link SecurityProjection} of its spec plus
 * the annotations the checks read ({@link SecurityAnnotations}). It is a {@link PodSpec}, so a
 * cached Pod keeps it as its spec and the engine evaluates it as it would the whole pod; equal pods
 * share one instance ({@link PodContents}), which also keeps its {@link ContentFingerprint} and the
 * last verdict, so a pod costs a reference, and the work of judging it is done once per distinct
 * content, not once per pod.
 *
 * <p>Shared between pods: never change one (its setters are the model's, kept for the engine).
 */
public final class PodContent extends PodSpec {

  private static final long serialVersionUID = 1L;

  private final Map<String, String> securityAnnotations;
  private final int hash;
  private transient volatile Fingerprint fingerprint;
  private transient volatile Verdict verdict;

  /** The engine a verdict was reached by, and its findings. */
  private record Verdict(PolicyEngine engine, List<Finding> findings) {}

  private PodContent(PodSpec spec, Map<String, String> securityAnnotations) {
    SecurityProjection.project(spec, this);
    this.securityAnnotations = securityAnnotations;
    this.hash = 31 * super.hashCode() + securityAnnotations.hashCode();
  }

  /**
   * The content of a pod with {@code metadata} (may be null) and {@code spec}, not yet shared: see
   * {@link PodContents#of}.
   */
  public static PodContent of(ObjectMeta metadata, PodSpec spec) {
    return new PodContent(
        spec == null ? new PodSpec() : spec,
        SecurityAnnotations.of(metadata == null ? null : metadata.getAnnotations()));
  }

  /** The annotations the checks read, sorted by key; never null. */
  public Map<String, String> securityAnnotations() {
    return securityAnnotations;
  }

  /** This content's {@link ContentFingerprint}, computed once. */
  public Fingerprint fingerprint() {
    Fingerprint f = fingerprint;
    if (f == null) {
      f = ContentFingerprint.of(metadata(), this);
      fingerprint = f;
    }
    return f;
  }

  /**
   * The findings of {@code engine} on a pod that runs this content (paths from {@code spec}).
   * Computed once per engine when the engine has no exceptions of its own (the operator applies
   * exceptions afterwards, by the pod's labels); otherwise evaluated for {@code pod} each time.
   */
  public List<Finding> findings(PolicyEngine engine, HasMetadata pod) {
    if (engine.config().exceptions() != FindingExceptions.NONE) {
      return engine.evaluate(pod, target());
    }
    Verdict v = verdict;
    if (v == null || v.engine() != engine) {
      v = new Verdict(engine, List.copyOf(engine.evaluate(pod, target())));
      verdict = v;
    }
    return v.findings();
  }

  private PodTarget target() {
    return new PodTarget(
        metadata(), this, "spec", "metadata", !WorkloadPods.runsToCompletion(this));
  }

  private ObjectMeta metadata() {
    ObjectMeta metadata = new ObjectMeta();
    metadata.setAnnotations(securityAnnotations);
    return metadata;
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof PodContent other
            && hash == other.hash
            && securityAnnotations.equals(other.securityAnnotations)
            && super.equals(other));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  protected boolean canEqual(Object other) {
    return other instanceof PodContent;
  }
}
