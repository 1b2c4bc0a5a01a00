package dev.bulwark.operator.namespace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.bulwark.operator.writes.BulwarkApply;
import dev.bulwark.operator.writes.ObjectRef;
import dev.bulwark.operator.writes.WriteGate;
import dev.bulwark.operator.writes.WriteResult;
import dev.bulwark.plan.NamespacePlan;
import dev.bulwark.plan.Ownership;
import dev.bulwark.plan.PodSecurityLabels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the namespace fields Bulwark owns: the Pod Security labels of the plan, the annotation
 * naming the governing baseline ({@link Ownership#GOVERNED_BY_ANNOTATION}) and the record of the
 * labels the namespace had before ({@link Ownership#PREVIOUS_LABELS_ANNOTATION}). Before a write
 * that tightens enforcement it reads from the write's response which existing pods the new level
 * rejects ({@link PodSecurityPreview}).
 */
final class PodSecurityLabelsWriter {

  private static final Logger log = LoggerFactory.getLogger(PodSecurityLabelsWriter.class);

  private final KubernetesClient client;
  private final PodSecurityPreview preview;

  PodSecurityLabelsWriter(KubernetesClient client) {
    this.client = client;
    this.preview = new PodSecurityPreview(client);
  }

  /**
   * What a label write did.
   *
   * @param write the write, empty when the labels were in line
   * @param tightened whether the write went through and made enforcement stricter
   * @param warnings the API server's warnings about existing pods the stricter level rejects, from
   *     the write's response, when it tightened (else empty)
   */
  record LabelsResult(Optional<WriteResult> write, boolean tightened, List<String> warnings) {}

  /** Writes the namespace's owned fields when they differ from the plan. */
  LabelsResult sync(NamespacePlan plan, Namespace namespace, WriteGate gate) {
    if (inSync(plan, namespace)) {
      return new LabelsResult(Optional.empty(), false, List.of());
    }
    Map<String, String> currentPss = PodSecurityLabels.current(labels(namespace));
    boolean tightens = PodSecurityLabels.tightens(currentPss, plan.podSecurityLabels());
    Namespace apply = apply(plan, namespace, currentPss);
    ObjectRef ref = ObjectRef.namespace(plan.namespace());
    boolean repair = plan.baseline().equals(governedBy(namespace));
    // A tightening write reads the API server's warnings from its own response.
    List<String> warnings = new ArrayList<>();
    WriteResult write =
        gate.write(
            ref,
            repair,
            "set Pod Security labels "
                + plan.podSecurityLabels().get(PodSecurityLabels.ENFORCE)
                + ":"
                + plan.podSecurityLabels().get(PodSecurityLabels.ENFORCE_VERSION)
                + " on namespace "
                + plan.namespace(),
            () -> {
              if (tightens) {
                warnings.addAll(preview.apply(apply));
              } else {
                BulwarkApply.apply(client, apply);
              }
            });
    boolean tightened = tightens && write.wrote();
    return new LabelsResult(Optional.of(write), tightened, tightened ? warnings : List.of());
  }

  /**
   * Restores the Pod Security labels the namespace had before Bulwark and drops the ownership
   * annotations, in one server-side apply: Bulwark's apply then holds exactly the previous labels
   * and no annotation, so the labels it set are gone, the previous values are back, and the record
   * of them goes in the same write.
   */
  void release(Namespace namespace, String why) {
    Map<String, String> previous = previousLabels(namespace);
    BulwarkApply.apply(
        client,
        new NamespaceBuilder()
            .withNewMetadata()
            .withName(namespace.getMetadata().getName())
            .withLabels(new TreeMap<>(previous))
            .endMetadata()
            .build());
    log.info(
        "restored Pod Security labels {} on namespace {} ({})",
        previous,
        namespace.getMetadata().getName(),
        why);
  }

  /** The baseline that last enforced {@code namespace} (its ownership record), or null. */
  static String governedBy(Namespace namespace) {
    return annotations(namespace).get(Ownership.GOVERNED_BY_ANNOTATION);
  }

  /** The labels recorded before Bulwark first set its own; empty when none or unreadable. */
  static Map<String, String> previousLabels(Namespace namespace) {
    String json = annotations(namespace).get(Ownership.PREVIOUS_LABELS_ANNOTATION);
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      return Serialization.jsonMapper()
          .readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      log.warn(
          "namespace {}: annotation {} is not a JSON object of labels; nothing to restore",
          namespace.getMetadata().getName(),
          Ownership.PREVIOUS_LABELS_ANNOTATION);
      return Map.of();
    }
  }

  private static boolean inSync(NamespacePlan plan, Namespace namespace) {
    Map<String, String> annotations = annotations(namespace);
    return labels(namespace).entrySet().containsAll(plan.podSecurityLabels().entrySet())
        && plan.baseline().equals(annotations.get(Ownership.GOVERNED_BY_ANNOTATION))
        && annotations.containsKey(Ownership.PREVIOUS_LABELS_ANNOTATION);
  }

  /** The namespace fields Bulwark owns: its labels plus the memory of what was there before. */
  private static Namespace apply(
      NamespacePlan plan, Namespace namespace, Map<String, String> currentPss) {
    Map<String, String> annotations = annotations(namespace);
    String previous =
        Optional.ofNullable(annotations.get(Ownership.PREVIOUS_LABELS_ANNOTATION))
            .orElseGet(
                () ->
                    annotations.containsKey(Ownership.GOVERNED_BY_ANNOTATION)
                        ? "{}"
                        : toJson(currentPss));
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(plan.namespace())
        .withLabels(new TreeMap<>(plan.podSecurityLabels()))
        .addToAnnotations(Ownership.GOVERNED_BY_ANNOTATION, plan.baseline())
        .addToAnnotations(Ownership.PREVIOUS_LABELS_ANNOTATION, previous)
        .endMetadata()
        .build();
  }

  private static String toJson(Map<String, String> labels) {
    try {
      return Serialization.jsonMapper().writeValueAsString(new TreeMap<>(labels));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("labels always serialise", e);
    }
  }

  private static Map<String, String> labels(Namespace namespace) {
    Map<String, String> labels = namespace.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static Map<String, String> annotations(Namespace namespace) {
    Map<String, String> annotations = namespace.getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }
}
