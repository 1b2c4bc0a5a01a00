package dev.bulwark.operator.namespace;

import dev.bulwark.rbac.RbacSnapshot;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The RBAC snapshot the audit reads, built once per change of the RBAC informers instead of once
 * per namespace reconcile: the informers' mappers call {@link #changed()} for every event (after
 * the informer's cache has it), and {@link #current} rebuilds only when a change came since the
 * last build. A change that lands while a snapshot is being built bumps the version again, so the
 * next reconcile rebuilds.
 */
final class RbacSnapshots {

  private final AtomicLong version = new AtomicLong();
  private volatile Built built;

  private record Built(long version, RbacSnapshot snapshot) {}

  /** An RBAC object was added, updated or deleted. */
  void changed() {
    version.incrementAndGet();
  }

  /** The snapshot of the current caches, built by {@code build} when the caches changed. */
  RbacSnapshot current(Supplier<RbacSnapshot> build) {
    long now = version.get();
    Built last = built;
    if (last != null && last.version() == now) {
      return last.snapshot();
    }
    RbacSnapshot snapshot = build.get();
    built = new Built(now, snapshot);
    return snapshot;
  }
}
