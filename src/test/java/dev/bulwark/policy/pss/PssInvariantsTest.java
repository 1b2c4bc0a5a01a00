package dev.bulwark.policy.pss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.PolicyVersion;
import dev.bulwark.policy.oracle.BoundaryPodGenerator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the standard that must hold for any pod, checked over seeded boundary pods from
 * {@link BoundaryPodGenerator}. The seed is printed first and named in every failure; run again
 * with {@code -Dbulwark.oracle.seed=N} to replay one.
 */
class PssInvariantsTest {

  private static final long SEED = BoundaryPodGenerator.seedFromSystemProperty();

  /** Versions tried: every minor up to 40, i.e. past the newest rule (v1.37) as well. */
  private static final int MAX_MINOR = 40;

  private final PssEvaluator evaluator = PssEvaluator.standard();

  @BeforeAll
  static void printSeed() {
    System.out.printf(
        "PssInvariantsTest: seed %d (replay with -D%s=%d)%n",
        SEED, BoundaryPodGenerator.SEED_PROPERTY, SEED);
  }

  /**
   * 500 pods; the version cycles through every minor 0..40 (about 12 pods each) rather than being
   * drawn, so no version goes untried.
   */
  static Stream<Arguments> podsAtEveryVersion() {
    BoundaryPodGenerator pods = new BoundaryPodGenerator(SEED);
    return IntStream.range(0, 500).mapToObj(i -> Arguments.of(i, pods.next(), i % (MAX_MINOR + 1)));
  }

  /** 300 pods from a stream of their own (seed + 1), so each property sees different pods. */
  static Stream<Arguments> pods() {
    BoundaryPodGenerator pods = new BoundaryPodGenerator(SEED + 1);
    return IntStream.range(0, 300).mapToObj(i -> Arguments.of(i, pods.next()));
  }

  @ParameterizedTest(name = "pod {0} at v1.{2}")
  @MethodSource("podsAtEveryVersion")
  void restrictedRefusesWhateverBaselineRefuses(int sample, Pod pod, int minor) {
    PolicyVersion version = PolicyVersion.of(minor);
    if (!admits(Level.BASELINE, version, pod)) {
      assertThat(admits(Level.RESTRICTED, version, pod))
          .as(
              () ->
                  replay(sample, pod, "restricted admits at " + version + " what baseline refuses"))
          .isFalse();
    }
  }

  @ParameterizedTest(name = "pod {0}")
  @MethodSource("pods")
  void privilegedAdmitsEverythingAndLatestIsTheNewestVersion(int sample, Pod pod) {
    assertThat(admits(Level.PRIVILEGED, PolicyVersion.LATEST, pod))
        .as(() -> replay(sample, pod, "privileged refuses"))
        .isTrue();
    for (Level level : new Level[] {Level.BASELINE, Level.RESTRICTED}) {
      assertThat(admits(level, PolicyVersion.LATEST, pod))
          .as(
              () ->
                  replay(
                      sample,
                      pod,
                      level + " at latest differs from v1." + PolicyVersion.NEWEST_RULE_MINOR))
          .isEqualTo(admits(level, PolicyVersion.of(PolicyVersion.NEWEST_RULE_MINOR), pod));
    }
  }

  /** What failed, on which pod, and how to draw the same pods again. */
  private static String replay(int sample, Pod pod, String what) {
    return what
        + " (seed "
        + SEED
        + ", pod "
        + sample
        + "; replay with -D"
        + BoundaryPodGenerator.SEED_PROPERTY
        + "="
        + SEED
        + ")\n"
        + Serialization.asYaml(pod);
  }

  private boolean admits(Level level, PolicyVersion version, Pod pod) {
    FindingSink sink = new FindingSink();
    evaluator.evaluate(level, version, PodView.ofPod(pod.getMetadata(), pod.getSpec()), sink);
    return sink.isEmpty();
  }
}
