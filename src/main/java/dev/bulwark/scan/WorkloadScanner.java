package dev.bulwark.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one document and evaluates the workloads in it: a single object or a {@code kind: List} of
 * them. Other kinds are passed over; a document that cannot be read becomes an {@link InputError}
 * with its line. Stateless apart from the shared, thread-safe engine and mappers.
 */
public final class WorkloadScanner {

  private static final ObjectMapper YAML = GoJsonBinding.mapper();

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

  /**
   * The workload with only what the engine reads bound to model classes: metadata and the pod
   * template (or a Pod's spec). Binding whole objects cost a quarter of a scan, most of it building
   * Jackson deserializers for status and other fields the checks never look at.
   */
  static HasMetadata bind(String kind, JsonNode node) throws BindingProblem {
    HasMetadata object;
    switch (kind) {
      case "Pod" -> {
        Pod pod = new Pod();
        pod.setSpec(read(node, PodSpec.class, "spec"));
        object = pod;
      }
      case "Deployment" -> {
        Deployment deployment = new Deployment();
        deployment.setSpec(new DeploymentSpec());
        deployment.getSpec().setTemplate(template(node, "spec", "template"));
        object = deployment;
      }
      case "ReplicaSet" -> {
        ReplicaSet replicaSet = new ReplicaSet();
        replicaSet.setSpec(new ReplicaSetSpec());
        replicaSet.getSpec().setTemplate(template(node, "spec", "template"));
        object = replicaSet;
      }
      case "StatefulSet" -> {
        StatefulSet statefulSet = new StatefulSet();
        statefulSet.setSpec(new StatefulSetSpec());
        statefulSet.getSpec().setTemplate(template(node, "spec", "template"));
        object = statefulSet;
      }
      case "DaemonSet" -> {
        DaemonSet daemonSet = new DaemonSet();
        daemonSet.setSpec(new DaemonSetSpec());
        daemonSet.getSpec().setTemplate(template(node, "spec", "template"));
        object = daemonSet;
      }
      case "ReplicationController" -> {
        ReplicationController controller = new ReplicationController();
        controller.setSpec(new ReplicationControllerSpec());
        controller.getSpec().setTemplate(template(node, "spec", "template"));
        object = controller;
      }
      case "Job" -> {
        Job job = new Job();
        job.setSpec(new JobSpec());
        job.getSpec().setTemplate(template(node, "spec", "template"));
        object = job;
      }
      case "CronJob" -> {
        JobSpec jobSpec = new JobSpec();
        jobSpec.setTemplate(template(node, "spec", "jobTemplate", "spec", "template"));
        CronJob cronJob = new CronJob();
        cronJob.setSpec(new CronJobSpec());
        cronJob.getSpec().setJobTemplate(new JobTemplateSpec());
        cronJob.getSpec().getJobTemplate().setSpec(jobSpec);
        // The Job template's labels decide whether an exception covers its Jobs at admission.
        cronJob
            .getSpec()
            .getJobTemplate()
            .setMetadata(read(node, ObjectMeta.class, "spec", "jobTemplate", "metadata"));
        object = cronJob;
      }
      case "PodTemplate" -> {
        PodTemplate podTemplate = new PodTemplate();
        podTemplate.setTemplate(template(node, "template"));
        object = podTemplate;
      }
      default -> throw new IllegalArgumentException("not a workload kind: " + kind);
    }
    object.setMetadata(read(node, ObjectMeta.class, "metadata"));
    return object;
  }

  private static PodTemplateSpec template(JsonNode node, String... path) throws BindingProblem {
    return read(node, PodTemplateSpec.class, path);
  }

  /** The value at {@code path} bound to {@code type}; null when it (or a parent) is absent. */
  private static <T> T read(JsonNode node, Class<T> type, String... path) throws BindingProblem {
    JsonNode at = node;
    for (int i = 0; i < path.length; i++) {
      if (!at.isObject()) {
        throw new BindingProblem(
            "expected an object at " + String.join(".", java.util.Arrays.copyOf(path, i)));
      }
      at = at.path(path[i]);
      if (at.isMissingNode() || at.isNull()) {
        return null;
      }
    }
    try {
      return YAML.treeToValue(at, type);
    } catch (JsonProcessingException e) {
      throw new BindingProblem(describe(e, String.join(".", path)));
    }
  }

  /** Why a part of a document does not fit its model class. */
  static final class BindingProblem extends Exception {
    BindingProblem(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Where binding failed and what was expected there. Jackson's own message quotes the value (a
   * {@code String value ('...')}), which may be secret, so it is not used.
   */
  private static String describe(JsonProcessingException e, String at) {
    String path =
        e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
            ? simplify(mapping.getPathReference())
            : "";
    String expected =
        e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch
                && mismatch.getTargetType() != null
            ? "expected " + JsonTypes.describe(mismatch.getTargetType())
            : "value of the wrong type";
    String where = path.isEmpty() ? at : at + "." + path;
    return expected + " (at " + where + ")";
  }

  /** Jackson's path reference names model classes; keep only the field names. */
  private static String simplify(String pathReference) {
    return pathReference
        .replaceAll("[a-zA-Z0-9_.$]+\\[\"", "")
        .replace("\"]", ".")
        .replace("->", "")
        .replaceAll("\\.$", "");
  }

  private static Result error(ManifestDocument document, int line, String message) {
    return new Result(
        List.of(), List.of(new InputError(document.source(), document.index(), line, message)));
  }
}
