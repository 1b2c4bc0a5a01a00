package dev.bulwark.policy.hardening;

import dev.bulwark.policy.CheckInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Builds Bulwark's own checks from the ids a configuration enables. */
public final class HardeningChecks {

  private HardeningChecks() {}

  /**
   * The enabled checks, in catalogue order.
   *
   * @param enabled ids to run; unknown ids are rejected
   * @param allowedRegistries registries (optionally with a path prefix) images may come from
   */
  public static List<HardeningCheck> create(
      Collection<String> enabled, List<String> allowedRegistries) {
    for (String id : enabled) {
      if (!HardeningCheckIds.ALL.contains(id)) {
        throw new IllegalArgumentException(
            "unknown Bulwark check \"" + id + "\"; known: " + HardeningCheckIds.ALL);
      }
    }
    List<HardeningCheck> checks = new ArrayList<>();
    for (String id : HardeningCheckIds.ALL) {
      if (enabled.contains(id)) {
        checks.add(create(id, allowedRegistries));
      }
    }
    return List.copyOf(checks);
  }

  private static HardeningCheck create(String id, List<String> allowedRegistries) {
    return switch (id) {
      case HardeningCheckIds.READ_ONLY_ROOT_FILESYSTEM -> new ReadOnlyRootFilesystem();
      case HardeningCheckIds.RESOURCE_REQUESTS -> ResourceSettings.REQUESTS;
      case HardeningCheckIds.RESOURCE_LIMITS -> ResourceSettings.LIMITS;
      case HardeningCheckIds.PROBES -> new Probes();
      case HardeningCheckIds.IMAGE_DIGEST -> new ImageDigest();
      case HardeningCheckIds.ALLOWED_REGISTRIES -> new AllowedRegistries(allowedRegistries);
      case HardeningCheckIds.SERVICE_ACCOUNT_TOKEN -> new ServiceAccountToken();
      case HardeningCheckIds.DEFAULT_SERVICE_ACCOUNT -> new DefaultServiceAccount();
      default -> throw new IllegalArgumentException("unknown Bulwark check " + id);
    };
  }

  /** Descriptions of every Bulwark check, for rule catalogues. */
  public static List<CheckInfo> infos() {
    return create(HardeningCheckIds.ALL, List.of()).stream().map(HardeningCheck::info).toList();
  }
}
