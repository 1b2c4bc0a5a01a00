package dev.bulwark.operator.vulnerabilities;

import dev.bulwark.policy.vulnerabilities.ScannedImage;
import dev.bulwark.policy.vulnerabilities.VulnerabilitySeverity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The VulnerabilityReport informer's store: for the informer, a stub of each report (identity and
 * resourceVersion, all a relist compares); for Bulwark, the report reduced to what the check reads
 * ({@link ScannedImageIndex}), made as the report arrives, so no whole report is ever kept. Its
 * index is complete once the informer has synced. Each change is told to a listener, with the
 * report as it was and as it is (either null), on the informer's thread.
 */
final class ReportStore implements ItemStore<GenericKubernetesResource> {

  private final Map<String, GenericKubernetesResource> stubs = new ConcurrentHashMap<>();
  private final ScannedImageIndex index = new ScannedImageIndex();
  private final VulnerabilitySeverity keepFrom;
  private final Changes changes;

  /** Told of each report that came, changed or went. */
  interface Changes {
    /** {@code before} (null: it came) became {@code after} (null: it went) in {@code store}. */
    void changed(ReportStore store, ScannedImage before, ScannedImage after);
  }

  /**
   * Keeps vulnerabilities of severity {@code keepFrom} or more; tells {@code changes} of each
   * report that came, changed or went.
   */
  ReportStore(VulnerabilitySeverity keepFrom, Changes changes) {
    this.keepFrom = keepFrom;
    this.changes = changes;
  }

  VulnerabilitySeverity keepFrom() {
    return keepFrom;
  }

  ScannedImageIndex index() {
    return index;
  }

  @Override
  public String getKey(GenericKubernetesResource report) {
    return Cache.metaNamespaceKeyFunc(report);
  }

  @Override
  public GenericKubernetesResource put(String key, GenericKubernetesResource report) {
    GenericKubernetesResource known = stubs.get(key);
    if (known != null
        && known.getMetadata().getResourceVersion() != null
        && known
            .getMetadata()
            .getResourceVersion()
            .equals(report.getMetadata().getResourceVersion())
        && index.get(key) != null) {
      return known; // a relist handing back a version this store holds already
    }
    ScannedImage image = TrivyReports.read(report, keepFrom);
    ScannedImage old = index.put(key, image);
    GenericKubernetesResource previous = stubs.put(key, TrivyReports.stub(report));
    changes.changed(this, old, image);
    return previous;
  }

  @Override
  public GenericKubernetesResource remove(String key) {
    ScannedImage old = index.remove(key);
    GenericKubernetesResource previous = stubs.remove(key);
    if (old != null) {
      changes.changed(this, old, null);
    }
    return previous;
  }

  @Override
  public Stream<String> keySet() {
    return stubs.keySet().stream();
  }

  @Override
  public Stream<GenericKubernetesResource> values() {
    return stubs.values().stream();
  }

  @Override
  public int size() {
    return stubs.size();
  }

  @Override
  public GenericKubernetesResource get(String key) {
    return stubs.get(key);
  }

  @Override
  public boolean isFullState() {
    return false;
  }
}
