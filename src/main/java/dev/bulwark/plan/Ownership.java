package dev.bulwark.plan;

/** Labels and annotations by which Bulwark recognises what it created and what it must restore. */
public final class Ownership {

  /** Field manager for every server-side apply Bulwark makes. */
  public static final String FIELD_MANAGER = "bulwark";

  /** Label on every object Bulwark creates, so it can be found, pruned and cleaned up. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  public static final String MANAGED_BY_VALUE = "bulwark";

  /** Label naming the baseline an owned object was created for. */
  public static final String BASELINE_LABEL = "bulwark.dev/baseline";

  /** Namespace annotation: the baseline that last enforced this namespace. */
  public static final String GOVERNED_BY_ANNOTATION = "bulwark.dev/governed-by";

  /** Namespace annotation: the Pod Security labels the namespace had before Bulwark, as JSON. */
  public static final String PREVIOUS_LABELS_ANNOTATION =
      "bulwark.dev/previous-pod-security-labels";

  private Ownership() {}
}
