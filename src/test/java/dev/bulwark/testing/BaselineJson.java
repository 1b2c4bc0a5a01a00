package dev.bulwark.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * SecurityBaselines as the API server stores them, untyped: tests of spec and status fields read
 * and write them as a user's kubectl would, so the same test runs against an operator whose classes
 * lack those fields (and shows how it fails there).
 */
public final class BaselineJson {

  private BaselineJson() {}

  public static Resource<GenericKubernetesResource> resource(KubernetesClient client, String name) {
    return client
        .genericKubernetesResources("bulwark.dev/v1alpha1", "SecurityBaseline")
        .withName(name);
  }

  /** Creates a baseline named {@code name}, labelled for the test {@code team}, from spec YAML. */
  public static void create(KubernetesClient client, String name, String team, String specYaml) {
    String yaml =
        "apiVersion: bulwark.dev/v1alpha1\nkind: SecurityBaseline\nmetadata:\n  name: "
            + name
            + "\n  labels: {bulwark.dev/test: "
            + team
            + "}\nspec:\n"
            + specYaml.stripIndent().indent(2);
    client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).create();
  }

  /** The baseline's status as stored, or an empty map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> status(KubernetesClient client, String name) {
    GenericKubernetesResource baseline = resource(client, name).get();
    Object status = baseline == null ? null : baseline.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /** The value at {@code path} under {@code map} (maps only), or null. */
  public static Object at(Map<String, Object> map, String... path) {
    Object here = map;
    for (String key : path) {
      if (!(here instanceof Map<?, ?> m)) {
        return null;
      }
      here = m.get(key);
    }
    return here;
  }

  /** The list of strings at {@code path}, or an empty list. */
  @SuppressWarnings("unchecked")
  public static List<String> strings(Map<String, Object> map, String... path) {
    Object value = at(map, path);
    return value instanceof List<?> list ? (List<String>) list : List.of();
  }

  /** The condition of {@code type} in {@code status}, or an empty map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> condition(Map<String, Object> status, String type) {
    Object conditions = status.get("conditions");
    if (!(conditions instanceof List<?> list)) {
      return Map.of();
    }
    return list.stream()
        .filter(c -> c instanceof Map<?, ?> m && type.equals(m.get("type")))
        .map(c -> (Map<String, Object>) c)
        .findFirst()
        .orElse(Map.of());
  }
}
