package dev.bulwark.policy.hardening;

import java.util.List;

/** Ids of Bulwark's own checks; none collides with an upstream Pod Security Standards id. */
public final class HardeningCheckIds {

  public static final String READ_ONLY_ROOT_FILESYSTEM = "readOnlyRootFilesystem";
  public static final String RESOURCE_REQUESTS = "resourceRequests";
  public static final String RESOURCE_LIMITS = "resourceLimits";
  public static final String PROBES = "probes";
  public static final String IMAGE_DIGEST = "imageDigest";
  public static final String ALLOWED_REGISTRIES = "allowedRegistries";
  public static final String SERVICE_ACCOUNT_TOKEN = "serviceAccountToken";
  public static final String DEFAULT_SERVICE_ACCOUNT = "defaultServiceAccount";

  /** Every id, in catalogue order. */
  public static final List<String> ALL =
      List.of(
          READ_ONLY_ROOT_FILESYSTEM,
          RESOURCE_REQUESTS,
          RESOURCE_LIMITS,
          PROBES,
          IMAGE_DIGEST,
          ALLOWED_REGISTRIES,
          SERVICE_ACCOUNT_TOKEN,
          DEFAULT_SERVICE_ACCOUNT);

  private HardeningCheckIds() {}
}
