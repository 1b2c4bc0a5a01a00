package dev.bulwark.policy.oracle;

import io.fabric8.kubernetes.api.model.Pod;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;

/** Exposes the oracle's boundary pods to jqwik properties in other packages. */
public final class OracleArbitraries {

  private OracleArbitraries() {}

  /** Supplier for {@code @From(supplier = OracleArbitraries.Pods.class)}. */
  public static final class Pods implements ArbitrarySupplier<Pod> {
    @Override
    public Arbitrary<Pod> get() {
      return BoundaryPods.pods();
    }
  }
}
