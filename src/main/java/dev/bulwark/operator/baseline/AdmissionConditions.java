package dev.bulwark.operator.baseline;

import dev.bulwark.admission.ValidatingPolicies;
import dev.bulwark.api.AdmissionPolicyState;
import dev.bulwark.api.AdmissionPreviewStatus;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.operator.admission.AdmissionPreviews;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@link ConditionTypes#DENY_PENDING} condition and the AdmissionPreview Event's message, from
 * a baseline's {@code status.admissionPreview}.
 */
final class AdmissionConditions {

  private AdmissionConditions() {}

  /** Sets DenyPending from {@code status}; nothing when the baseline has no admission policy. */
  static void set(Conditions conditions, SecurityBaseline baseline, AdmissionPreviewStatus status) {
    if (status == null || status.policies == null || status.policies.isEmpty()) {
      return;
    }
    List<AdmissionPolicyState> waiting =
        status.policies.stream().filter(p -> p.denyAt != null).toList();
    if (!waiting.isEmpty()) {
      conditions.set(
          ConditionTypes.DENY_PENDING,
          true,
          "GracePeriod",
          waiting.stream()
                  .map(p -> p.check + " denies from " + p.denyAt + " (" + p.refuses + ")")
                  .collect(Collectors.joining(", "))
              + "; until then the previous policy stays in force or the new one only warns. "
              + status.workloads
              + " existing workload(s) refused: "
              + String.join("; ", head(status.refusals)));
    } else if (!ValidatingPolicies.denies(baseline)) {
      conditions.set(
          ConditionTypes.DENY_PENDING,
          false,
          "NotDenying",
          "the generated policies only warn (Audit mode or spec.admission.action Warn); "
              + status.workloads
              + " existing workload(s) would be refused under Deny");
    } else {
      boolean waitingForPreview =
          status.policies.stream()
              .anyMatch(p -> AdmissionPolicyState.WAITING_FOR_PREVIEW.equals(p.phase));
      conditions.set(
          ConditionTypes.DENY_PENDING,
          false,
          waitingForPreview ? "WaitingForPreview" : "AllDenying",
          waitingForPreview
              ? "some governed namespace is not yet evaluated against the current content; the"
                  + " policies stay as they are meanwhile"
              : "every generated policy denies; "
                  + status.workloads
                  + " existing workload(s) refused");
    }
  }

  /** The AdmissionPreview Event's message for the policies of {@code checks}. */
  static String announcement(
      AdmissionPreviewStatus status, List<String> checks, AdmissionPreviews preview) {
    List<AdmissionPolicyState> announced =
        status.policies.stream().filter(p -> checks.contains(p.check)).toList();
    List<String> lines = preview.linesFor(checks);
    return "the new admission policies for "
        + announced.stream()
            .map(p -> p.check + (p.denyAt == null ? "" : " (deny from " + p.denyAt + ")"))
            .collect(Collectors.joining(", "))
        + " would refuse pods of "
        + preview.countFor(checks)
        + " existing workload(s), named in status.admissionPreview: "
        + String.join("; ", lines);
  }

  private static List<String> head(List<String> lines) {
    return lines == null ? List.of() : lines.subList(0, Math.min(10, lines.size()));
  }
}
