package dev.bulwark.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bulwark reads every generated manifest file into the same JSON trees as kubectl's reader
 * (tools/read-oracle: k8s.io/apimachinery's YAMLOrJSONDecoder over sigs.k8s.io/yaml), and refuses
 * exactly the files it refuses.
 */
class KubernetesYamlDifferentialTest {

  static final int CASES = 3_000;

  @Test
  void everyGeneratedFileReadsAsKubectlReadsIt() {
    long seed = Long.getLong(YamlCaseGenerator.SEED_PROPERTY, YamlCaseGenerator.DEFAULT_SEED);
    System.out.println("YAML differential test: seed " + seed + ", " + CASES + " files");
    List<YamlCaseGenerator.Case> cases = new YamlCaseGenerator(seed).cases(CASES);
    List<ReadOracle.Answer> answers =
        ReadOracle.run("yaml", cases.stream().map(YamlCaseGenerator.Case::bytes).toList());

    List<String> differences = new ArrayList<>();
    int rejected = 0;
    for (int i = 0; i < cases.size(); i++) {
      YamlCaseGenerator.Case c = cases.get(i);
      ReadOracle.Answer go = answers.get(i);
      String difference = compare(c, go);
      if (difference != null) {
        differences.add(difference);
      }
      if (go.rejected()) {
        rejected++;
        if (Boolean.getBoolean("bulwark.yaml.debug")) {
          System.out.println("GOERR " + go.error().replaceAll("line [0-9]+", "line N"));
          if (go.error().contains(System.getProperty("bulwark.yaml.debug.show", "\u0000"))) {
            System.out.println("SHOW " + go.error() + "\n" + c.text());
          }
        }
      }
    }
    System.out.println(
        "YAML differential test: "
            + (cases.size() - differences.size())
            + " of "
            + cases.size()
            + " files read alike ("
            + rejected
            + " refused by kubectl's reader)");
    assertThat(differences).as("files read differently from kubectl").isEmpty();
  }

  /** Null when Bulwark and Go agree, else a description with the file. */
  static String compare(YamlCaseGenerator.Case c, ReadOracle.Answer go) {
    List<JsonNode> ours = new ArrayList<>();
    String ourError = null;
    try {
      for (KubernetesYaml.Document document :
          KubernetesYaml.readAll(c.name(), ManifestText.decode(c.bytes()))) {
        ours.add(document.tree());
      }
    } catch (ManifestSyntaxException e) {
      ourError = "line " + e.line() + ": " + e.getMessage();
    } catch (RuntimeException e) {
      ourError = "CRASH " + e;
    }
    String header = "\n==== " + c.name() + "\n" + c.text().replace("\r", "␍") + "\n---- ";
    if (go.rejected() || ourError != null) {
      if (go.rejected() && ourError != null) {
        return null;
      }
      return header
          + (go.rejected()
              ? "Go refuses (" + go.error() + "), Bulwark reads " + ours
              : "Go reads " + go.docs() + ", Bulwark refuses (" + ourError + ")");
    }
    List<JsonNode> theirs = new ArrayList<>();
    if (go.docs() != null) {
      go.docs().forEach(theirs::add);
    }
    if (theirs.size() != ours.size()) {
      return header + "Go reads " + theirs + "\nBulwark reads " + ours;
    }
    for (int d = 0; d < theirs.size(); d++) {
      if (!same(theirs.get(d), ours.get(d))) {
        return header + "Go reads " + theirs.get(d) + "\nBulwark reads " + ours.get(d);
      }
    }
    return null;
  }

  /** JSON equality with numbers compared by value (Go writes 1e+21 where Jackson has 1.0E21). */
  static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText())) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = a.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode other = b.get(field.getKey());
        if (other == null || !same(field.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!same(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}
