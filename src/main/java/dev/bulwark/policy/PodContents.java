package dev.bulwark.policy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Shares {@link PodContent}s: pods that run the same thing get the same instance. Held weakly, so a
 * content goes with the last pod that runs it. Thread-safe.
 */
public final class PodContents {

  private final Map<PodContent, WeakReference<PodContent>> shared = new WeakHashMap<>();

  /** The shared content of a pod with {@code metadata} and {@code spec}. */
  public PodContent of(ObjectMeta metadata, PodSpec spec) {
    return intern(PodContent.of(metadata, spec));
  }

  private synchronized PodContent intern(PodContent candidate) {
    WeakReference<PodContent> ref = shared.get(candidate);
    PodContent existing = ref == null ? null : ref.get();
    if (existing != null) {
      return existing;
    }
    shared.put(candidate, new WeakReference<>(candidate));
    return candidate;
  }

  /** How many distinct contents are held now. */
  public synchronized int size() {
    return shared.size();
  }
}
