package dev.bulwark.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart and the kustomize base carry copies of crds/ (neither can reach files outside its
 * own directory); this fails when a copy is missing, stale or left over.
 */
class DeployCrdsUpToDateTest {

  private static final Path SOURCE = Path.of("crds");
  private static final String FIX = "run scripts/sync-chart-crds.sh and commit the copies";

  @Test
  void chartCrdsMatchTheSource() throws IOException {
    assertSameCrds(Path.of("deploy/helm/bulwark/crds"));
  }

  @Test
  void kustomizeBaseCrdsMatchTheSource() throws IOException {
    assertSameCrds(Path.of("operator/crds"));
  }

  @Test
  void kustomizationListsEveryCrd() throws IOException {
    String kustomization = Files.readString(Path.of("operator/kustomization.yaml"));
    for (Path crd : crds(SOURCE)) {
      assertThat(kustomization)
          .as("operator/kustomization.yaml must list crds/%s", crd.getFileName())
          .contains("- crds/" + crd.getFileName());
    }
  }

  private static void assertSameCrds(Path copies) throws IOException {
    List<Path> sources = crds(SOURCE);
    assertThat(sources).as("no CRDs under %s", SOURCE).isNotEmpty();
    assertThat(crds(copies).stream().map(Path::getFileName).map(Path::toString))
        .as("CRD files in %s: %s", copies, FIX)
        .containsExactlyElementsOf(sources.stream().map(p -> p.getFileName().toString()).toList());
    for (Path source : sources) {
      Path copy = copies.resolve(source.getFileName());
      assertThat(Files.readString(copy))
          .as("%s differs from %s: %s", copy, source, FIX)
          .isEqualTo(Files.readString(source));
    }
  }

  private static List<Path> crds(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
    }
  }
}
