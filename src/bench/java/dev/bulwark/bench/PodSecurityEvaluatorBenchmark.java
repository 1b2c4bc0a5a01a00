package dev.bulwark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.PolicyVersion;
import dev.bulwark.policy.pss.PssEvaluator;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * P1: Pod Security evaluations per second on one core, on the same corpus and with the same work
 * as bench/psa-go (restricted and baseline at latest for each pod, 4,096 pods from upstream's
 * fixtures), so the two figures compare directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC", "-Xms512m", "-Xmx512m"})
public class PodSecurityEvaluatorBenchmark {

  /** Pods per invocation, as psa-go's -pods default. */
  static final int PODS = 4096;

  /** Two evaluations (restricted, baseline) per pod. */
  static final int EVALUATIONS = PODS * 2;

  private Pod[] pods;
  private final PssEvaluator evaluator = PssEvaluator.standard();

  @Setup
  public void load() throws IOException {
    Path dir = Path.of(System.getProperty("bulwark.bench.corpus"));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(f -> f.toString().endsWith(".yaml")).map(Path::toString).sorted()
          .map(Path::of).toList();
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    Pod[] all = new Pod[files.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = yaml.readValue(files.get(i).toFile(), Pod.class);
    }
    pods = new Pod[PODS];
    for (int i = 0; i < PODS; i++) {
      pods[i] = all[i % all.length];
    }
  }

  @Benchmark
  @OperationsPerInvocation(EVALUATIONS)
  public void restrictedAndBaselineAtLatest(Blackhole blackhole) {
    for (Pod pod : pods) {
      PodView view = PodView.ofPod(pod.getMetadata(), pod.getSpec());
      FindingSink restricted = new FindingSink();
      evaluator.evaluate(Level.RESTRICTED, PolicyVersion.LATEST, view, restricted);
      blackhole.consume(restricted.isEmpty());
      FindingSink baseline = new FindingSink();
      evaluator.evaluate(Level.BASELINE, PolicyVersion.LATEST, view, baseline);
      blackhole.consume(baseline.isEmpty());
    }
  }
}
