package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * Restricted-level securityContext values Bulwark fills in where a pod leaves them unset: at
 * admission (a generated MutatingAdmissionPolicy, pods only) and, on request, in the pod templates
 * of existing workloads. Both are off until asked for; the four settings say which values.
 */
public class DefaultsSpec {

  @JsonPropertyDescription(
      "Generate a MutatingAdmissionPolicy and binding that fill in the selected values on pods"
          + " created in governed namespaces (and on ephemeral containers added to them), never"
          + " overriding a value the pod sets and never setting one the API server would refuse"
          + " (no seccompProfile beside a legacy seccomp annotation, no Linux-only field on a"
          + " Windows or hostProcess pod, no allowPrivilegeEscalation false on a privileged or"
          + " CAP_SYS_ADMIN container). A value whose check an exception covers for the pod is"
          + " left unset. Works inside the API server, also while the operator is down. Enforce"
          + " mode only.")
  @Default("false")
  public boolean admission;

  @JsonPropertyDescription(
      "Patch the pod templates of existing Deployments, StatefulSets, DaemonSets, ReplicaSets and"
          + " CronJobs in governed namespaces with the selected values where unset (by the rules"
          + " of the admission defaults, exceptions included), under the field manager"
          + " bulwark-remediation. Objects another controller owns (other than a Deployment's"
          + " ReplicaSets and a CronJob's Jobs, left to them) and Jobs are listed, not patched. The"
          + " complete preview of each generation is published in status.remediation before its"
          + " first write; an object whose values another writer changes back is left alone and"
          + " reported; a write the API server refuses is reported (RemediationRefused) and"
          + " retried with backoff. Enforce mode only.")
  @Default("false")
  public boolean remediateWorkloads;

  @JsonPropertyDescription(
      "seccompProfile.type RuntimeDefault at pod level, unless the pod sets a pod-level profile.")
  @Default("true")
  public boolean seccompProfile = true;

  @JsonPropertyDescription(
      "allowPrivilegeEscalation false on each container that does not set it (not on privileged"
          + " containers or those adding CAP_SYS_ADMIN, where the API server forbids it).")
  @Default("true")
  public boolean allowPrivilegeEscalation = true;

  @JsonPropertyDescription("capabilities.drop [ALL] on each container that sets no drop list.")
  @Default("true")
  public boolean dropAllCapabilities = true;

  @JsonPropertyDescription(
      "runAsNonRoot true at pod level, unless the pod sets runAsNonRoot there or the pod or a"
          + " container asks for runAsUser 0 (a container's own runAsNonRoot still wins). Off by"
          + " default: an image whose user is root then fails to start.")
  @Default("false")
  public boolean runAsNonRoot;
}
