package dev.bulwark.operator;

import dev.bulwark.plan.Ownership;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON patch (RFC 6902) that puts an owned object back exactly as planned: Bulwark's labels
 * added and the whole {@code spec} replaced. Server-side apply never removes list entries or keys
 * another field manager added (an extra rule, a narrowed selector, a validation action), so a
 * repair that must undo them replaces the spec instead, under Bulwark's field manager.
 */
public final class SpecReplacement {

  private SpecReplacement() {}

  /** A JSON patch under Bulwark's field manager ({@link Ownership#FIELD_MANAGER}). */
  public static PatchContext context() {
    return new PatchContext.Builder()
        .withPatchType(PatchType.JSON)
        .withFieldManager(Ownership.FIELD_MANAGER)
        .build();
  }

  /**
   * The patch turning {@code have} into {@code want}'s labels and spec, as JSON text.
   *
   * @param ifUnchanged when true, the patch starts with a test of {@code have}'s resourceVersion,
   *     so the API server refuses it (HTTP 422) if the object changed since it was read
   */
  public static String patch(HasMetadata have, HasMetadata want, boolean ifUnchanged) {
    List<Map<String, Object>> ops = new ArrayList<>();
    if (ifUnchanged) {
      ops.add(
          Map.of(
              "op",
              "test",
              "path",
              "/metadata/resourceVersion",
              "value",
              have.getMetadata().getResourceVersion()));
    }
    Map<String, String> labels = want.getMetadata().getLabels();
    if (labels != null && !labels.isEmpty()) {
      if (have.getMetadata().getLabels() == null) {
        ops.add(Map.of("op", "add", "path", "/metadata/labels", "value", Map.of()));
      }
      labels.forEach(
          (key, value) ->
              ops.add(
                  Map.of(
                      "op",
                      "add",
                      "path",
                      "/metadata/labels/" + key.replace("~", "~0").replace("/", "~1"),
                      "value",
                      value)));
    }
    Object spec = Serialization.jsonMapper().convertValue(want, Map.class).get("spec");
    ops.add(Map.of("op", "replace", "path", "/spec", "value", spec));
    return Serialization.asJson(ops);
  }
}
