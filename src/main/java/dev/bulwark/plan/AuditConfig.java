package dev.bulwark.plan;

import dev.bulwark.api.SecurityBaselineSpec;
import dev.bulwark.policy.EngineConfig;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PolicyVersion;
import dev.bulwark.policy.hardening.HardeningCheckIds;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Maps a baseline spec onto the policy engine's configuration: which checks audit workloads. */
public final class AuditConfig {

  private AuditConfig() {}

  /**
   * The engine configuration for {@code spec} with its exceptions as of {@code exceptions}: a
   * finding is dropped when an active exception covers its check, the object's namespace and the
   * object's labels.
   */
  public static EngineConfig from(SecurityBaselineSpec spec, ActiveExceptions exceptions) {
    return from(spec)
        .withExceptions(
            (object, finding) ->
                exceptions.covers(
                    finding.check(),
                    object.getMetadata().getNamespace(),
                    object.getMetadata().getLabels()));
  }

  /** The engine configuration for {@code spec}; exceptions are applied by the caller. */
  public static EngineConfig from(SecurityBaselineSpec spec) {
    Set<String> checks = new HashSet<>();
    if (spec.workloads.readOnlyRootFilesystem) {
      checks.add(HardeningCheckIds.READ_ONLY_ROOT_FILESYSTEM);
    }
    if (spec.workloads.requireProbes) {
      checks.add(HardeningCheckIds.PROBES);
    }
    if (spec.workloads.forbidDefaultServiceAccount) {
      checks.add(HardeningCheckIds.DEFAULT_SERVICE_ACCOUNT);
    }
    if (spec.workloads.requireTokenAutomountDisabled) {
      checks.add(HardeningCheckIds.SERVICE_ACCOUNT_TOKEN);
    }
    if (spec.resources.requireRequestsAndLimits) {
      checks.add(HardeningCheckIds.RESOURCE_REQUESTS);
      checks.add(HardeningCheckIds.RESOURCE_LIMITS);
    }
    if (spec.images.requireDigest) {
      checks.add(HardeningCheckIds.IMAGE_DIGEST);
    }
    return new EngineConfig(
            Level.parse(spec.podSecurity.level.label()),
            PolicyVersion.parse(spec.podSecurity.version),
            checks,
            List.of(),
            null)
        .withAllowedRegistries(spec.images.allowedRegistries);
  }
}
