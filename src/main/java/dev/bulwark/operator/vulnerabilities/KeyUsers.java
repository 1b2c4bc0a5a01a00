package dev.bulwark.operator.vulnerabilities;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which namespaces use which image keys, as their last audit found: a report about a key wakes the
 * namespaces that use it, wherever the report lives. An audit records its keys before it reads the
 * reports, so a report that arrives meanwhile either is read or wakes the namespace.
 */
final class KeyUsers {

  private final Map<String, Set<String>> keysByNamespace = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> namespacesByKey = new ConcurrentHashMap<>();

  /** {@code namespace} now uses exactly {@code keys}. */
  synchronized void use(String namespace, Set<String> keys) {
    Set<String> old = keysByNamespace.put(namespace, Set.copyOf(keys));
    if (old != null) {
      for (String key : old) {
        if (!keys.contains(key)) {
          drop(key, namespace);
        }
      }
    }
    for (String key : keys) {
      namespacesByKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(namespace);
    }
  }

  /** {@code namespace} no longer uses the check. */
  synchronized void forget(String namespace) {
    Set<String> old = keysByNamespace.remove(namespace);
    if (old != null) {
      old.forEach(key -> drop(key, namespace));
    }
  }

  /** The namespaces using any of {@code keys}. */
  Set<String> namespacesUsing(Set<String> keys) {
    Set<String> namespaces = new HashSet<>();
    for (String key : keys) {
      Set<String> users = namespacesByKey.get(key);
      if (users != null) {
        namespaces.addAll(users);
      }
    }
    return namespaces;
  }

  /** Every namespace that uses the check. */
  Set<String> namespaces() {
    return Set.copyOf(keysByNamespace.keySet());
  }

  private void drop(String key, String namespace) {
    Set<String> users = namespacesByKey.get(key);
    if (users != null) {
      users.remove(namespace);
      if (users.isEmpty()) {
        namespacesByKey.remove(key);
      }
    }
  }
}
