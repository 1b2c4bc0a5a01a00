package dev.bulwark.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.cli.BuildVersion;
import dev.bulwark.deploy.DockerfileModel.Instruction;
import dev.bulwark.deploy.DockerfileModel.Stage;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator image cannot be built here (no container engine), so this reads the Dockerfile and
 * checks each property the image must have (issue 13): multi-stage, base images pinned by digest
 * with their source named, a jlink'ed JRE from jdeps, no shell in the final image, uid 1001 as in
 * the chart and the kustomize base, read-only root filesystem with /tmp from an emptyDir, OCI
 * labels, and a deny-by-default .dockerignore. checkov scans the same file in
 * scripts/security-pipeline.sh, which also links the JRE and runs Bulwark on it.
 */
class DockerfileTest {

  private static final Pattern DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9-]+/[A-Za-z0-9._-]+");
  private static final Pattern EXTRA_MODULES =
      Pattern.compile("--print-module-deps target/bulwark\\.jar\\),([a-z0-9.,]+)\"");
  private static final Pattern LABEL = Pattern.compile("([A-Za-z0-9._-]+)=\"([^\"]*)\"");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static DockerfileModel dockerfile;
  private static String text;

  @BeforeAll
  static void read() throws IOException {
    dockerfile = DockerfileModel.read(Path.of("Dockerfile"));
    text = Files.readString(Path.of("Dockerfile"));
  }

  @Test
  void buildsTheJarInABuildStageAndCopiesItIntoTheRuntimeStage() {
    assertThat(dockerfile.stages()).as("stages (FROM lines)").hasSizeGreaterThanOrEqualTo(2);
    Stage build = buildStage();
    assertThat(build.all("RUN").stream().map(Instruction::arguments))
        .as("the build stage runs Maven's package phase")
        .anyMatch(run -> run.contains("$MVN") && run.contains(" package"));
    assertThat(copiesFrom(dockerfile.runtime(), build))
        .as("the runtime stage copies the shaded jar from the build stage")
        .anyMatch(copy -> copy.startsWith("/src/target/bulwark.jar "));
  }

  @Test
  void pinsEveryBaseImageByDigestAndNamesWhereTheDigestCameFrom() {
    Set<String> stageNames =
        dockerfile.stages().stream()
            .flatMap(s -> s.name().stream())
            .collect(Collectors.toUnmodifiableSet());
    for (Stage stage : dockerfile.stages()) {
      if (stageNames.contains(stage.image())) {
        continue; // FROM an earlier stage
      }
      assertThat(stage.image())
          .as(
              "line %d: FROM %s must be pinned by @sha256 digest",
              stage.from().line(), stage.image())
          .containsPattern(DIGEST);
      String comment = String.join(" ", stage.from().comments());
      assertThat(comment)
          .as(
              "line %d: the comment above FROM must say where the digest came from",
              stage.from().line())
          .contains("Digest as pinned by")
          .containsPattern(REPOSITORY);
    }
    assertThat(text)
        .as("the Dockerfile says how digests are kept fresh")
        .containsAnyOf("Renovate", "Dependabot");
  }

  @Test
  void runsOnAJlinkedJreOfTheModulesJdepsFinds() {
    Stage build = buildStage();
    String link =
        build.all("RUN").stream()
            .map(Instruction::arguments)
            .filter(run -> run.contains("jlink "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no RUN with jlink in the build stage"));
    assertThat(link)
        .as("the module list comes from jdeps of the shaded jar")
        .contains("jdeps ")
        .contains("--print-module-deps target/bulwark.jar")
        .contains("--add-modules \"$modules\"")
        .contains("--output /opt/jre");
    Matcher extra = EXTRA_MODULES.matcher(link);
    assertThat(extra.find()).as("modules added to jdeps' list: ),mod,mod\"").isTrue();
    Set<String> jdkModules =
        ModuleFinder.ofSystem().findAll().stream()
            .map(ModuleReference::descriptor)
            .map(d -> d.name())
            .collect(Collectors.toUnmodifiableSet());
    assertThat(Arrays.asList(extra.group(1).split(",")))
        .as("extra modules are JDK modules")
        .allSatisfy(m -> assertThat(jdkModules).contains(m));
    assertThat(copiesFrom(dockerfile.runtime(), build))
        .as("the runtime stage copies the linked JRE")
        .contains("/opt/jre /opt/java");
    assertThat(execForm(only(dockerfile.runtime(), "ENTRYPOINT")).get(0))
        .as("ENTRYPOINT starts the linked JRE's java")
        .isEqualTo("/opt/java/bin/java");
  }

  @Test
  void finalImageHasNoShellAndNoPackageManager() {
    Stage runtime = dockerfile.runtime();
    assertThat(runtime.image())
        .as("a distroless base: no shell, no package manager")
        .startsWith("gcr.io/distroless/")
        .doesNotContain("debug");
    assertThat(runtime.all("RUN")).as("RUN needs a shell in the final image").isEmpty();
    assertThat(runtime.all("SHELL")).isEmpty();
    assertThat(execForm(only(runtime, "ENTRYPOINT"))).isNotEmpty();
    assertThat(execForm(only(runtime, "CMD"))).containsExactly("operator");
  }

  @Test
  void runsAsUser1001AsTheChartAndKustomizeBaseDo() throws IOException {
    List<Instruction> users = dockerfile.runtime().all("USER");
    assertThat(users).as("USER in the final stage").isNotEmpty();
    assertThat(users.get(users.size() - 1).arguments())
        .as("numeric uid:gid, so the kubelet can check runAsNonRoot")
        .isEqualTo("1001:1001");

    JsonNode chart = YAML.readTree(Path.of("deploy/helm/bulwark/values.yaml").toFile());
    assertRunsAs1001(chart.path("podSecurityContext"), "deploy/helm/bulwark/values.yaml");
    assertRunsAs1001(kustomizePod().path("securityContext"), "operator/deployment.yaml");
  }

  @Test
  void worksWithAReadOnlyRootFilesystemAndATmpEmptyDir() throws IOException {
    assertThat(dockerfile.runtime().all("VOLUME")).isEmpty();
    assertThat(execForm(only(dockerfile.runtime(), "ENTRYPOINT")))
        .contains("-Djava.io.tmpdir=/tmp");

    JsonNode pod = kustomizePod();
    JsonNode container = pod.path("containers").get(0);
    assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
        .as("operator/deployment.yaml: readOnlyRootFilesystem")
        .isTrue();
    String tmpVolume = null;
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("mountPath").asText().equals("/tmp")) {
        tmpVolume = mount.path("name").asText();
      }
    }
    assertThat(tmpVolume).as("operator/deployment.yaml: a volume mounted at /tmp").isNotNull();
    for (JsonNode volume : pod.path("volumes")) {
      if (volume.path("name").asText().equals(tmpVolume)) {
        assertThat(volume.has("emptyDir")).as("/tmp comes from an emptyDir").isTrue();
      }
    }

    JsonNode values = YAML.readTree(Path.of("deploy/helm/bulwark/values.yaml").toFile());
    assertThat(values.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
        .as("chart values: readOnlyRootFilesystem")
        .isTrue();
    String template = Files.readString(Path.of("deploy/helm/bulwark/templates/deployment.yaml"));
    assertThat(template)
        .as("chart template mounts /tmp from an emptyDir")
        .containsPattern("- name: tmp\\s+mountPath: /tmp")
        .containsPattern("- name: tmp\\s+emptyDir:");
  }

  @Test
  void carriesOciSourceVersionAndLicenceLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    for (Instruction label : dockerfile.runtime().all("LABEL")) {
      Matcher m = LABEL.matcher(label.arguments());
      while (m.find()) {
        labels.put(m.group(1), m.group(2));
      }
    }
    assertThat(labels)
        .containsKeys(
            "org.opencontainers.image.source",
            "org.opencontainers.image.version",
            "org.opencontainers.image.licenses");
    assertThat(labels.get("org.opencontainers.image.version")).isEqualTo("${VERSION}");
    assertThat(dockerfile.argDefault("VERSION"))
        .as("ARG VERSION defaults to the project's version (pom.xml)")
        .contains(BuildVersion.version());
  }

  @Test
  void dockerignoreDeniesAllButWhatTheBuildCopies() throws IOException {
    Path ignore = Path.of(".dockerignore");
    assertThat(ignore).exists();
    List<String> rules =
        Files.readAllLines(ignore).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(rules).as(".dockerignore starts by excluding everything").startsWith("*");
    List<String> included =
        rules.stream().filter(r -> r.startsWith("!")).map(r -> r.substring(1)).toList();
    assertThat(included)
        .as("never re-included")
        .noneMatch(r -> r.startsWith(".git") || r.startsWith("target") || r.startsWith("src/test"));
    for (Stage stage : dockerfile.stages()) {
      for (Instruction copy : stage.all("COPY")) {
        if (copy.arguments().startsWith("--from=")) {
          continue;
        }
        List<String> words = Arrays.asList(copy.arguments().split("\\s+"));
        for (String source : words.subList(0, words.size() - 1)) {
          assertThat(included)
              .as("line %d: COPY %s must be re-included by .dockerignore", copy.line(), source)
              .anyMatch(r -> source.startsWith(r) || r.startsWith(source));
        }
      }
    }
  }

  private static Stage buildStage() {
    return dockerfile.stages().stream()
        .filter(s -> s.name().filter("build"::equals).isPresent())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage named build"));
  }

  /** The "SRC DEST" of each COPY --from=STAGE in {@code stage}. */
  private static List<String> copiesFrom(Stage stage, Stage source) {
    String from = "--from=" + source.name().orElseThrow() + " ";
    return stage.all("COPY").stream()
        .map(Instruction::arguments)
        .filter(a -> a.startsWith(from))
        .map(a -> a.substring(from.length()).strip())
        .toList();
  }

  private static Instruction only(Stage stage, String keyword) {
    List<Instruction> found = stage.all(keyword);
    assertThat(found).as("%s in the final stage", keyword).hasSize(1);
    return found.get(0);
  }

  /** The JSON-array (exec) form's words; fails for the shell form. */
  private static List<String> execForm(Instruction instruction) {
    try {
      JsonNode array = new ObjectMapper().readTree(instruction.arguments());
      assertThat(array.isArray())
          .as("line %d: %s in exec form", instruction.line(), instruction.keyword())
          .isTrue();
      return java.util.stream.StreamSupport.stream(array.spliterator(), false)
          .map(JsonNode::asText)
          .toList();
    } catch (IOException e) {
      throw new AssertionError(
          "line "
              + instruction.line()
              + ": "
              + instruction.keyword()
              + " is not in exec (JSON array) form: "
              + instruction.arguments(),
          e);
    }
  }

  private static JsonNode kustomizePod() throws IOException {
    return YAML.readTree(Path.of("operator/deployment.yaml").toFile())
        .path("spec")
        .path("template")
        .path("spec");
  }

  private static void assertRunsAs1001(JsonNode securityContext, String file) {
    assertThat(securityContext.path("runAsNonRoot").asBoolean())
        .as("%s runAsNonRoot", file)
        .isTrue();
    assertThat(securityContext.path("runAsUser").asInt()).as("%s runAsUser", file).isEqualTo(1001);
    assertThat(securityContext.path("runAsGroup").asInt())
        .as("%s runAsGroup", file)
        .isEqualTo(1001);
  }
}
