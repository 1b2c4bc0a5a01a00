package dev.bulwark.operator.vulnerabilities;

import dev.bulwark.policy.vulnerabilities.ScannedImage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reports of one informer, reduced ({@link ScannedImage}), by {@code namespace/name} and by
 * image key. Safe for concurrent readers while the informer writes.
 */
final class ScannedImageIndex {

  private final Map<String, ScannedImage> byReport = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byKey = new ConcurrentHashMap<>();

  /** Stores {@code image} as the report {@code ref}, replacing what was there; returns that. */
  synchronized ScannedImage put(String ref, ScannedImage image) {
    ScannedImage old = byReport.put(ref, image);
    unindex(ref, old);
    for (String key : image.keys()) {
      byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(ref);
    }
    return old;
  }

  /** Forgets the report {@code ref}; returns what it was. */
  synchronized ScannedImage remove(String ref) {
    ScannedImage old = byReport.remove(ref);
    unindex(ref, old);
    return old;
  }

  private void unindex(String ref, ScannedImage old) {
    if (old == null) {
      return;
    }
    for (String key : old.keys()) {
      Set<String> refs = byKey.get(key);
      if (refs != null) {
        refs.remove(ref);
        if (refs.isEmpty()) {
          byKey.remove(key);
        }
      }
    }
  }

  /** The reports about the image with {@code key}. */
  List<ScannedImage> byKey(String key) {
    Set<String> refs = byKey.get(key);
    if (refs == null) {
      return List.of();
    }
    List<ScannedImage> images = new ArrayList<>();
    for (String ref : refs) {
      ScannedImage image = byReport.get(ref);
      if (image != null) {
        images.add(image);
      }
    }
    return images;
  }

  ScannedImage get(String ref) {
    return byReport.get(ref);
  }

  Collection<ScannedImage> all() {
    return byReport.values();
  }

  int size() {
    return byReport.size();
  }
}
