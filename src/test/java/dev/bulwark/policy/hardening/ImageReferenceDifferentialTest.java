package dev.bulwark.policy.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.scan.ReadOracle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageReference#parse} reads every generated reference ({@link ImageReferenceGenerator}) as
 * github.com/distribution/reference v0.6.0 {@code ParseNormalizedNamed} does (tools/read-oracle
 * {@code image}): the same domain, path, tag and digest, and the same refusals. {@code
 * -Dbulwark.image.seed=N} tries other references.
 */
class ImageReferenceDifferentialTest {

  static final int CASES = 6_000;

  @Test
  void everyGeneratedReferenceParsesAsTheGoParserParsesIt() {
    long seed = Long.getLong("bulwark.image.seed", ImageReferenceGenerator.DEFAULT_SEED);
    List<String> references = new ImageReferenceGenerator(seed).references(CASES);
    List<ReadOracle.Answer> answers =
        ReadOracle.run(
            "image", references.stream().map(r -> r.getBytes(StandardCharsets.UTF_8)).toList());
    List<String> differences = new ArrayList<>();
    int refused = 0;
    for (int i = 0; i < references.size(); i++) {
      ReadOracle.Answer go = answers.get(i);
      Optional<ImageReference> ours = ImageReference.parse(references.get(i));
      refused += go.rejected() ? 1 : 0;
      String theirs = go.rejected() ? "refused (" + go.error() + ")" : describe(go.image());
      String mine = ours.map(ImageReferenceDifferentialTest::describe).orElse("refused");
      if (go.rejected() ? ours.isPresent() : !theirs.equals(mine)) {
        differences.add("\"" + references.get(i) + "\": Go " + theirs + ", Bulwark " + mine);
      }
    }
    System.out.printf(
        "image reference differential test: seed %d, %d of %d references alike (%d refused by"
            + " the Go parser)%n",
        seed, references.size() - differences.size(), references.size(), refused);
    assertThat(differences).isEmpty();
  }

  private static String describe(JsonNode image) {
    return String.join(
        " ",
        image.get("domain").asText(),
        image.get("path").asText(),
        image.get("tag").asText(),
        image.get("digest").asText());
  }

  private static String describe(ImageReference image) {
    return String.join(
        " ",
        image.domain(),
        image.path(),
        Objects.requireNonNullElse(image.tag(), ""),
        Objects.requireNonNullElse(image.digest(), ""));
  }
}
