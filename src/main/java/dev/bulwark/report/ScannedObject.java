package dev.bulwark.report;

import dev.bulwark.admission.PreviewedRefusal;
import dev.bulwark.policy.Finding;
import java.util.List;

/**
 * One workload object found in the input and what the engine found on it.
 *
 * @param source file path as given (or {@code -} for standard input)
 * @param document 0-based index of the YAML document in the source
 * @param line 1-based line where the document starts
 * @param apiVersion the object's apiVersion
 * @param kind the object's kind
 * @param namespace metadata.namespace, or null
 * @param name metadata.name, or null
 * @param findings empty when the object is clean
 * @param admissionRefusals the checks whose generated ValidatingAdmissionPolicies refuse the
 *     object's pods (only with {@code bulwark scan --baseline}; see {@code
 *     dev.bulwark.admission.AdmissionPreview}), empty otherwise
 */
public record ScannedObject(
    String source,
    int document,
    int line,
    String apiVersion,
    String kind,
    String namespace,
    String name,
    List<Finding> findings,
    List<PreviewedRefusal> admissionRefusals) {

  public ScannedObject {
    findings = List.copyOf(findings);
    admissionRefusals = List.copyOf(admissionRefusals);
  }

  /** An object without an admission preview. */
  public ScannedObject(
      String source,
      int document,
      int line,
      String apiVersion,
      String kind,
      String namespace,
      String name,
      List<Finding> findings) {
    this(source, document, line, apiVersion, kind, namespace, name, findings, List.of());
  }

  /** {@code Kind/namespace/name}, or {@code Kind/name} without a namespace. */
  public String displayName() {
    String shownName = name == null ? "(unnamed)" : name;
    return namespace == null ? kind + "/" + shownName : kind + "/" + namespace + "/" + shownName;
  }
}
