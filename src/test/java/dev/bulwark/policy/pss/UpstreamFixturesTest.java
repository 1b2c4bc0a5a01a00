package dev.bulwark.policy.pss;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.policy.Finding;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.PolicyVersion;
import dev.bulwark.policy.UpstreamPsaModule;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every fixture upstream ships for k8s.io/pod-security-admission v0.37.2 gets upstream's verdict:
 * pass pods have no Pod Security finding at their level and version, fail pods have one naming the
 * check the fixture was generated for.
 *
 * <p>Upstream names each fixture after its check id, lower-cased, plus a number ({@code
 * capabilities_baseline3.yaml}); {@code base*.yaml} are the minimal valid pods. At the restricted
 * level a baseline check's fixture fails on the restricted check that overrides it at that version
 * (e.g. a hostPath volume is reported by restrictedVolumes), exactly as upstream's evaluator runs
 * only the overriding check.
 */
class UpstreamFixturesTest {

  private static final Pattern FILE = Pattern.compile("^([a-z_]+?)(\\d+)\\.yaml$");
  private static final Pattern VERSION_DIR = Pattern.compile("^v1\\.(\\d+)$");

  /** Baseline id -> (restricted override, first minor of the override), upstream facts. */
  private static final Map<String, Override> OVERRIDES =
      Map.of(
          PssCheckIds.HOST_PATH_VOLUMES, new Override(PssCheckIds.RESTRICTED_VOLUMES, 0),
          PssCheckIds.CAPABILITIES_BASELINE, new Override(PssCheckIds.CAPABILITIES_RESTRICTED, 22),
          PssCheckIds.SECCOMP_PROFILE_BASELINE,
              new Override(PssCheckIds.SECCOMP_PROFILE_RESTRICTED, 19),
          PssCheckIds.PROC_MOUNT, new Override(PssCheckIds.PROC_MOUNT_RESTRICTED, 35));

  private record Override(String check, int sinceMinor) {}

  private final ObjectMapper yaml =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  @Test
  void everyUpstreamFixtureGetsUpstreamsVerdict() throws IOException {
    Map<String, String> idsByFileName = new HashMap<>();
    for (PssCheck check : PssChecks.ALL) {
      idsByFileName.put(check.info().id().toLowerCase(Locale.ROOT), check.info().id());
    }
    Path testdata = UpstreamPsaModule.testdata();
    List<String> failures = new ArrayList<>();
    int pass = 0;
    int fail = 0;
    for (Level level : List.of(Level.BASELINE, Level.RESTRICTED)) {
      List<Path> versionDirs;
      try (Stream<Path> dirs = Files.list(testdata.resolve(level.label()))) {
        versionDirs = dirs.sorted().toList();
      }
      for (Path versionDir : versionDirs) {
        Matcher versionMatch = VERSION_DIR.matcher(versionDir.getFileName().toString());
        assertThat(versionMatch.matches()).as("version dir %s", versionDir).isTrue();
        int minor = Integer.parseInt(versionMatch.group(1));
        PolicyVersion version = PolicyVersion.of(minor);
        for (Path file : yamlFiles(versionDir.resolve("pass"))) {
          pass++;
          List<Finding> findings = evaluate(file, level, version);
          if (!findings.isEmpty()) {
            failures.add("pass fixture " + where(file, testdata) + " got " + findings);
          }
        }
        for (Path file : yamlFiles(versionDir.resolve("fail"))) {
          fail++;
          String expected = expectedCheck(file, idsByFileName, level, minor);
          List<Finding> findings = evaluate(file, level, version);
          if (findings.stream().noneMatch(f -> f.check().equals(expected))) {
            failures.add(
                "fail fixture "
                    + where(file, testdata)
                    + " expected "
                    + expected
                    + ", got "
                    + findings);
          }
        }
      }
    }
    System.out.printf(
        "upstream fixtures %s@%s: %d pass + %d fail = %d files, %d disagreements%n",
        UpstreamPsaModule.MODULE,
        UpstreamPsaModule.VERSION,
        pass,
        fail,
        pass + fail,
        failures.size());
    assertThat(failures).as("disagreements with upstream fixtures").isEmpty();
    assertThat(pass + fail).as("fixture files found").isEqualTo(4537);
  }

  private static String expectedCheck(
      Path file, Map<String, String> idsByFileName, Level level, int minor) {
    Matcher name = FILE.matcher(file.getFileName().toString());
    assertThat(name.matches()).as("fixture name %s", file).isTrue();
    String id = idsByFileName.get(name.group(1));
    assertThat(id).as("check for fixture %s", file).isNotNull();
    Override override = OVERRIDES.get(id);
    if (level == Level.RESTRICTED && override != null && minor >= override.sinceMinor()) {
      return override.check();
    }
    return id;
  }

  private List<Finding> evaluate(Path file, Level level, PolicyVersion version) throws IOException {
    Pod pod = yaml.readValue(file.toFile(), Pod.class);
    FindingSink sink = new FindingSink();
    PssEvaluator.standard()
        .evaluate(level, version, PodView.ofPod(pod.getMetadata(), pod.getSpec()), sink);
    return sink.findings();
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static String where(Path file, Path testdata) {
    return testdata.relativize(file).toString();
  }
}
