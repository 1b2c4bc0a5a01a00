package dev.bulwark.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.bulwark.admission.AdmissionPreview;
import dev.bulwark.admission.PreviewedRefusal;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.policy.Finding;
import dev.bulwark.policy.FindingExceptions;
import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.policy.WorkloadPods;
import dev.bulwark.report.InputError;
import dev.bulwark.report.ScannedObject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one document and evaluates the workloads in it: a single object or a {@code kind: List} of
 * them. Other kinds are passed over; a document that cannot be read becomes an {@link InputError}
 * with its line. Stateless apart from the shared, thread-safe engine and mappers.
 */
public final class WorkloadScanner {

  private static final ObjectMapper YAML = GoJsonBinding.workloadMapper();

  private final PolicyEngine engine;
  private final FindingExceptions exceptions;
  private final AdmissionPreview preview;
  private final ActiveExceptions active;

  public WorkloadScanner(PolicyEngine engine) {
    this(engine, FindingExceptions.NONE, null, null);
  }

  /**
   * A scanner dropping the findings {@code exceptions} exempt, and, when {@code preview} is not
   * null, previewing from the findings before any exception which objects' pods a baseline's
   * generated admission policies refuse under its {@code active} exceptions ({@code engine} must
   * apply none itself).
   */
  public WorkloadScanner(
      PolicyEngine engine,
      FindingExceptions exceptions,
      AdmissionPreview preview,
      ActiveExceptions active) {
    this.engine = engine;
    this.exceptions = exceptions;
    this.preview = preview;
    this.active = active;
  }

  /** What one document held: workloads found and errors met. */
  public record Result(List<ScannedObject> objects, List<InputError> errors) {}

  public Result scan(ManifestDocument document) {
    List<KubernetesYaml.Value> values;
    try {
      values = KubernetesYaml.parse(document);
    } catch (ManifestSyntaxException e) {
      return error(document, e.line() > 0 ? e.line() : document.line(), e.getMessage());
    }
    List<ScannedObject> objects = new ArrayList<>();
    List<InputError> errors = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      KubernetesYaml.Value value = values.get(i);
      // The values of a JSON stream are documents of their own, each at its own line.
      ManifestDocument located =
          i == 0 && value.line() == document.line()
              ? document
              : new ManifestDocument(
                  document.source(),
                  document.index() + i,
                  value.line(),
                  document.text(),
                  document.startLine(),
                  document.json());
      scanRoot(located, value.tree(), objects, errors);
    }
    return new Result(objects, errors);
  }

  private void scanRoot(
      ManifestDocument document,
      JsonNode root,
      List<ScannedObject> objects,
      List<InputError> errors) {
    if (!root.isObject()) {
      errors.add(
          new InputError(
              document.source(),
              document.index(),
              document.line(),
              "not a Kubernetes object (no mapping at the top)"));
      return;
    }
    String kind = root.path("kind").asText("");
    if (kind.endsWith("List") && root.path("items").isArray()) {
      JsonNode items = root.path("items");
      for (int i = 0; i < items.size(); i++) {
        scanObject(document, items.get(i), "items[" + i + "]: ", objects, errors);
      }
    } else if (kind.isEmpty()) {
      errors.add(
          new InputError(
              document.source(), document.index(), document.line(), "object has no kind"));
    } else {
      scanObject(document, root, "", objects, errors);
    }
  }

  private void scanObject(
      ManifestDocument document,
      JsonNode node,
      String where,
      List<ScannedObject> objects,
      List<InputError> errors) {
    String kind = node.path("kind").asText("");
    if (!WorkloadPods.supports(kind)) {
      return;
    }
    HasMetadata object;
    try {
      object = bind(kind, node);
    } catch (BindingProblem e) {
      errors.add(
          new InputError(
              document.source(),
              document.index(),
              document.line(),
              where + "cannot read " + kind + ": " + e.getMessage()));
      return;
    }
    List<Finding> all = engine.evaluate(object);
    List<Finding> findings =
        exceptions == FindingExceptions.NONE
            ? all
            : all.stream().filter(f -> !exceptions.isExempt(object, f)).toList();
    List<PreviewedRefusal> refusals =
        preview == null || object.getMetadata() == null
            ? List.of()
            : preview.refusals(object, all, active);
    objects.add(
        new ScannedObject(
            document.source(),
            document.index(),
            document.line(),
            node.path("apiVersion").asText(""),
            kind,
            object.getMetadata() == null ? null : object.getMetadata().getNamespace(),
            object.getMetadata() == null ? null : object.getMetadata().getName(),
            findings,
            refusals));
  }

  /** The model class of each workload kind. */
  private static final Map<String, Class<? extends HasMetadata>> CLASSES =
      Map.of(
          "Pod", Pod.class,
          "Deployment", Deployment.class,
          "ReplicaSet", ReplicaSet.class,
          "StatefulSet", StatefulSet.class,
          "DaemonSet", DaemonSet.class,
          "ReplicationController", ReplicationController.class,
          "Job", Job.class,
          "CronJob", CronJob.class,
          "PodTemplate", PodTemplate.class);

  /**
   * The whole workload bound to its model class by the API server's decoding rules ({@link
   * GoJsonBinding}), so that a value of the wrong type anywhere in it is refused as {@code kubectl
   * apply} refuses it.
   */
  static HasMetadata bind(String kind, JsonNode node) throws BindingProblem {
    Class<? extends HasMetadata> type = CLASSES.get(kind);
    if (type == null) {
      throw new IllegalArgumentException("not a workload kind: " + kind);
    }
    try {
      return YAML.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new BindingProblem(describe(e));
    }
  }

  /** Why a part of a document does not fit its model class. */
  static final class BindingProblem extends Exception {
    BindingProblem(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * What was expected where binding failed, e.g. {@code expected a number (at
   * spec.template.spec.containers[0].ports[0].containerPort)}. Jackson's own message quotes the
   * value, which may be secret, so it is not used.
   */
  private static String describe(JsonProcessingException e) {
    StringBuilder path = new StringBuilder();
    if (e instanceof JsonMappingException mapping) {
      for (JsonMappingException.Reference reference : mapping.getPath()) {
        if (reference.getFieldName() != null) {
          path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
        } else if (reference.getIndex() >= 0) {
          path.append('[').append(reference.getIndex()).append(']');
        }
      }
    }
    Class<?> target = null;
    for (Throwable t = e; t != null && target == null; t = t.getCause()) {
      if (t instanceof MismatchedInputException mismatch) {
        target = mismatch.getTargetType();
      } else if (t instanceof InputCoercionException coercion) {
        target = coercion.getTargetType(); // a number out of the field's range
      }
    }
    String expected =
        target != null ? "expected " + JsonTypes.describe(target) : "value of the wrong type";
    return path.isEmpty() ? expected : expected + " (at " + path + ")";
  }

  private static Result error(ManifestDocument document, int line, String message) {
    return new Result(
        List.of(), List.of(new InputError(document.source(), document.index(), line, message)));
  }
}
