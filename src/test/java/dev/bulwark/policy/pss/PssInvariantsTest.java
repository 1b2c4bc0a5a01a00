package dev.bulwark.policy.pss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.PolicyVersion;
import dev.bulwark.policy.oracle.OracleArbitraries;
import io.fabric8.kubernetes.api.model.Pod;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of the standard that must hold for any pod, checked with jqwik's own engine. */
class PssInvariantsTest {

  private final PssEvaluator evaluator = PssEvaluator.standard();

  @Property(tries = 500)
  void restrictedRefusesWhateverBaselineRefuses(
      @ForAll @From(supplier = OracleArbitraries.Pods.class) Pod pod,
      @ForAll @IntRange(min = 0, max = 40) int minor) {
    PolicyVersion version = PolicyVersion.of(minor);
    if (!admits(Level.BASELINE, version, pod)) {
      assertThat(admits(Level.RESTRICTED, version, pod)).isFalse();
    }
  }

  @Property(tries = 300)
  void privilegedAdmitsEverythingAndLatestIsTheNewestVersion(
      @ForAll @From(supplier = OracleArbitraries.Pods.class) Pod pod) {
    assertThat(admits(Level.PRIVILEGED, PolicyVersion.LATEST, pod)).isTrue();
    for (Level level : new Level[] {Level.BASELINE, Level.RESTRICTED}) {
      assertThat(admits(level, PolicyVersion.LATEST, pod))
          .isEqualTo(admits(level, PolicyVersion.of(PolicyVersion.NEWEST_RULE_MINOR), pod));
    }
  }

  private boolean admits(Level level, PolicyVersion version, Pod pod) {
    FindingSink sink = new FindingSink();
    evaluator.evaluate(level, version, PodView.ofPod(pod.getMetadata(), pod.getSpec()), sink);
    return sink.isEmpty();
  }
}
