package dev.bulwark.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CRDs checked in under crds/ are exactly what the build generates from dev.bulwark.api. */
class CrdFilesUpToDateTest {

  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final Path CHECKED_IN = Path.of("crds");

  @Test
  void everyGeneratedCrdIsCheckedInUnchanged() throws IOException {
    for (Path generated : generatedCrds()) {
      Path checkedIn = CHECKED_IN.resolve(generated.getFileName());
      assertThat(checkedIn)
          .as("%s is missing: run scripts/update-crds.sh and commit crds/", checkedIn)
          .exists();
      assertThat(Files.readString(checkedIn))
          .as("%s is stale: run scripts/update-crds.sh and commit crds/", checkedIn)
          .isEqualTo(Files.readString(generated));
    }
  }

  private static List<Path> generatedCrds() throws IOException {
    if (!Files.isDirectory(GENERATED)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(GENERATED)) {
      return files.filter(f -> f.getFileName().toString().endsWith("-v1.yml")).sorted().toList();
    }
  }
}
