package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The existing workloads and bare pods whose pods a baseline's generated admission policies refuse
 * or would refuse, evaluated by the policy engine against the policies' content (the same verdicts
 * as the CEL, see AdmissionParityIT), and where each policy stands on its way to Deny.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AdmissionPreviewStatus {

  /** Most objects named in {@link #refusals}. */
  public static final int NAMES = 100;

  /** Most objects of one namespace named in {@link #refusals}. */
  public static final int NAMES_PER_NAMESPACE = 20;

  @JsonPropertyDescription(
      "The baseline generation every governed namespace was evaluated at for this preview.")
  public Long generation;

  @JsonPropertyDescription(
      "How many existing workloads (Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs,"
          + " CronJobs, ReplicationControllers) and bare pods the policies refuse or would refuse"
          + " pods of.")
  public int workloads;

  @JsonPropertyDescription(
      "The first of them (20 per namespace, 100 in all), as 'Kind namespace/name: checks', with"
          + " 'from <time>' where an exception covers it until then. Each namespace's OpenReports"
          + " Report lists all findings.")
  public List<String> refusals = new ArrayList<>();

  @JsonPropertyDescription("One entry per generated policy: what it does now and until when.")
  public List<AdmissionPolicyState> policies = new ArrayList<>();

  @Override
  public boolean equals(Object o) {
    return o instanceof AdmissionPreviewStatus s
        && Objects.equals(generation, s.generation)
        && workloads == s.workloads
        && Objects.equals(refusals, s.refusals)
        && Objects.equals(policies, s.policies);
  }

  @Override
  public int hashCode() {
    return Objects.hash(generation, workloads, refusals, policies);
  }
}
