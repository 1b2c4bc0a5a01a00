package dev.bulwark.operator.observe;

import dev.bulwark.seal.SealingKeyStore;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import java.util.Map;
import java.util.TreeMap;

/**
 * The informer caches of the running operator: java-operator-sdk's event sources (read through its
 * {@link RuntimeInfo}) and the sealing key store's Secret cache. Sizes are counted when asked, so a
 * scrape costs one pass over the caches' keys.
 */
public final class InformerCaches {

  /** Controller label of the sealing key store's cache, which no controller owns. */
  public static final String SEALING_KEYS = "sealing-keys";

  private final RuntimeInfo runtime;
  private final SealingKeyStore keys;

  public InformerCaches(RuntimeInfo runtime, SealingKeyStore keys) {
    this.runtime = runtime;
    this.keys = keys;
  }

  /** Objects held per cache, keyed by (controller, event source); empty before the start. */
  public Map<Source, Long> sizes() {
    Map<Source, Long> sizes = new TreeMap<>();
    for (RegisteredController<?> controller : runtime.getRegisteredControllers()) {
      String name = controller.getConfiguration().getName();
      controller
          .getControllerHealthInfo()
          .informerEventSourceHealthIndicators()
          .forEach(
              (source, indicator) -> {
                if (indicator instanceof Cache<?> cache) {
                  sizes.put(new Source(name, source), cache.keys().count());
                }
              });
    }
    sizes.put(new Source(SEALING_KEYS, "secrets"), (long) keys.cachedSecrets());
    return sizes;
  }

  /** Whether every informer of every controller has listed its objects once, and the key cache. */
  public boolean synced() {
    if (!keys.synced()) {
      return false;
    }
    for (RegisteredController<?> controller : runtime.getRegisteredControllers()) {
      for (InformerWrappingEventSourceHealthIndicator<?> source :
          controller.getControllerHealthInfo().informerEventSourceHealthIndicators().values()) {
        for (InformerHealthIndicator informer : source.informerHealthIndicators().values()) {
          if (!informer.hasSynced()) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** Whether java-operator-sdk finds every event source healthy (informers running, watching). */
  public boolean healthy() {
    return runtime.allEventSourcesAreHealthy();
  }

  /** One cache: the controller that owns it and the event source's name. */
  public record Source(String controller, String source) implements Comparable<Source> {
    @Override
    public int compareTo(Source other) {
      int byController = controller.compareTo(other.controller);
      return byController != 0 ? byController : source.compareTo(other.source);
    }
  }
}
