package dev.bulwark.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.policy.WorkloadPods;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Bulwark binds every generated workload ({@link WorkloadCaseGenerator}) to the typed values the
 * API server decodes, and refuses exactly the objects it refuses. The Go side is tools/read-oracle
 * {@code typed}: kubectl's reader, then k8s.io/api's types through apimachinery's
 * UniversalDeserializer, written back as JSON. The typed values are compared through Go as well:
 * Bulwark's bound object, written as JSON, must decode to the same Go object as the file did, so
 * that every difference in kind or value (an int read as a string, a lost field, another quantity)
 * shows, and none of representation ({@code 0.5} and {@code 500m}). {@code -Dbulwark.typed.seed=N}
 * tries other files.
 */
class TypedBindingDifferentialTest {

  static final int CASES = 2_500;

  private static final JsonNode EMPTY =
      com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();

  /** What Bulwark made of one workload object: bound, or refused with a message. */
  private record Ours(String kind, HasMetadata object, String error) {}

  @Test
  void everyWorkloadBindsToTheValuesTheApiServerDecodes() {
    long seed = Long.getLong("bulwark.typed.seed", WorkloadCaseGenerator.DEFAULT_SEED);
    List<WorkloadCaseGenerator.Case> cases = new WorkloadCaseGenerator(seed).cases(CASES);
    List<ReadOracle.Answer> answers =
        ReadOracle.run("typed", cases.stream().map(WorkloadCaseGenerator.Case::bytes).toList());

    List<String> differences = new ArrayList<>();
    List<byte[]> ourJson = new ArrayList<>();
    List<JsonNode> goJson = new ArrayList<>();
    List<String> where = new ArrayList<>();
    Map<String, int[]> perKind = new TreeMap<>(); // accepted by both, refused by both
    int filesRefused = 0;
    for (int i = 0; i < cases.size(); i++) {
      WorkloadCaseGenerator.Case c = cases.get(i);
      ReadOracle.Answer go = answers.get(i);
      List<Ours> ours;
      try {
        ours = bind(c);
      } catch (ManifestSyntaxException e) {
        if (!go.rejected()) {
          differences.add(c.name() + ": Bulwark refuses the file (" + e.getMessage() + ")");
        }
        filesRefused++;
        continue;
      }
      JsonNode theirObjects = go.objects() == null ? EMPTY : go.objects();
      if (go.rejected() || theirObjects.size() != ours.size()) {
        differences.add(c.name() + ": Go " + go.answer() + ", Bulwark " + ours.size() + " objects");
        continue;
      }
      for (int j = 0; j < ours.size(); j++) {
        JsonNode theirs = theirObjects.get(j);
        Ours mine = ours.get(j);
        boolean goRefuses = theirs.has("error");
        int[] counts = perKind.computeIfAbsent(mine.kind(), k -> new int[2]);
        if (goRefuses != (mine.error() != null)) {
          differences.add(
              "\n==== "
                  + c.name()
                  + " object "
                  + j
                  + "\n"
                  + c.text()
                  + "---- Go: "
                  + (goRefuses ? theirs.get("error").asText() : "reads it")
                  + "; Bulwark: "
                  + (mine.error() != null ? mine.error() : "reads it"));
        } else if (goRefuses) {
          counts[1]++;
          if (!mine.error().matches("expected .+ \\(at [^ )]+\\)")) {
            differences.add(c.name() + ": unclear message: " + mine.error());
          }
        } else {
          counts[0]++;
          ourJson.add(json(mine.object(), theirs.get("json")));
          goJson.add(theirs.get("json"));
          where.add(c.name() + " object " + j + "\n" + c.text());
        }
      }
    }

    List<ReadOracle.Answer> roundTrips = ReadOracle.run("typed", ourJson);
    for (int k = 0; k < ourJson.size(); k++) {
      JsonNode objects = roundTrips.get(k).objects();
      JsonNode decoded = objects == null || objects.size() != 1 ? null : objects.get(0).get("json");
      if (!goJson.get(k).equals(decoded)) {
        differences.add(
            "\n==== "
                + where.get(k)
                + "---- Go decodes the file to\n"
                + goJson.get(k)
                + "\nand Bulwark's object to\n"
                + (decoded != null ? decoded : roundTrips.get(k).answer()));
      }
    }

    int accepted = perKind.values().stream().mapToInt(n -> n[0]).sum();
    int refused = perKind.values().stream().mapToInt(n -> n[1]).sum();
    StringBuilder kinds = new StringBuilder();
    perKind.forEach((kind, n) -> kinds.append(' ').append(kind).append(' ').append(n[0] + n[1]));
    System.out.printf(
        "typed binding differential test: seed %d, %d files (%d refused by both readers), %d"
            + " workload objects:%s; %d bound to the same typed values, %d refused by both, %d"
            + " differences%n",
        seed,
        cases.size(),
        filesRefused,
        accepted + refused,
        kinds,
        accepted,
        refused,
        differences.size());
    assertThat(differences).as("objects bound differently from the API server").isEmpty();
  }

  /**
   * Bulwark's object as JSON, less what fabric8 writes that no field holds: its model gives each
   * PersistentVolumeClaim of a StatefulSet's volumeClaimTemplates a kind and an apiVersion.
   */
  private static byte[] json(HasMetadata object, JsonNode go) {
    ObjectNode json = Serialization.jsonMapper().valueToTree(object);
    JsonNode claims = json.path("spec").path("volumeClaimTemplates");
    for (int i = 0; i < claims.size(); i++) {
      JsonNode original = go.path("spec").path("volumeClaimTemplates").path(i);
      for (String field : List.of("kind", "apiVersion")) {
        if (!original.has(field)) {
          ((ObjectNode) claims.get(i)).remove(field);
        }
      }
    }
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads the file and binds each workload object in it as the scan does. */
  static List<Ours> bind(WorkloadCaseGenerator.Case c) throws ManifestSyntaxException {
    List<Ours> ours = new ArrayList<>();
    for (KubernetesYaml.Document document : KubernetesYaml.readAll(c.name(), c.text())) {
      JsonNode root = document.tree();
      String rootKind = root.path("kind").asText("");
      List<JsonNode> objects = new ArrayList<>();
      if (rootKind.endsWith("List") && root.path("items").isArray()) {
        root.path("items").forEach(objects::add);
      } else {
        objects.add(root);
      }
      for (JsonNode object : objects) {
        String kind = object.path("kind").asText("");
        if (!object.isObject() || !WorkloadPods.supports(kind)) {
          continue;
        }
        try {
          ours.add(new Ours(kind, WorkloadScanner.bind(kind, object), null));
        } catch (WorkloadScanner.BindingProblem e) {
          ours.add(new Ours(kind, null, e.getMessage()));
        }
      }
    }
    return ours;
  }
}
