package dev.bulwark.operator.admission;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineStatus;
import dev.bulwark.operator.baseline.ConditionTypes;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The preview hook before tenant NetworkPolicies are refused: a baseline generation that denies
 * them is bound with {@code [Warn, Audit]} until its own status shows that generation evaluated in
 * every namespace it selects (Ready is not Progressing) with the {@code TenantPoliciesReopen}
 * condition written for it, which names the existing policies that reopen a denied direction; the
 * binding turns to {@code [Deny]} at the next reconcile after that. So nothing is refused that the
 * status did not name first, and every new generation (a new baseline, Audit to Enforce, Report to
 * Deny) is previewed again. Once previewed, a generation stays so in this process (a later status
 * that is Progressing for a moment, say while a namespace's labels change, does not turn refusal
 * off); after a restart the status, which carries over, says so again.
 */
public final class TenantPolicyPreview {

  /** The generation previewed last, by baseline uid (one entry per baseline seen). */
  private final Map<String, Long> previewed = new ConcurrentHashMap<>();

  /** Whether {@code baseline}'s current generation was previewed. */
  public boolean previewed(SecurityBaseline baseline) {
    String uid = baseline.getMetadata().getUid();
    Long generation = baseline.getMetadata().getGeneration();
    if (uid != null && generation != null && generation.equals(previewed.get(uid))) {
      return true;
    }
    if (statusPreviews(baseline)) {
      if (uid != null) {
        previewed.put(uid, generation);
      }
      return true;
    }
    return false;
  }

  /** Whether {@code baseline}'s status previews its current generation. */
  static boolean statusPreviews(SecurityBaseline baseline) {
    SecurityBaselineStatus status = baseline.getStatus();
    Long generation = baseline.getMetadata().getGeneration();
    if (status == null || status.conditions == null || generation == null) {
      return false;
    }
    if (!Objects.equals(status.observedGeneration, generation)) {
      return false;
    }
    Condition ready = condition(status, ConditionTypes.READY);
    Condition reopen = condition(status, ConditionTypes.TENANT_POLICIES_REOPEN);
    return ready != null
        && !"Progressing".equals(ready.getReason())
        && !"InvalidSpec".equals(ready.getReason())
        && reopen != null
        && Objects.equals(reopen.getObservedGeneration(), generation);
  }

  private static Condition condition(SecurityBaselineStatus status, String type) {
    return status.conditions.stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }
}
