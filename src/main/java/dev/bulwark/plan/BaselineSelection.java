package dev.bulwark.plan;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SystemNamespace;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides which baseline governs a namespace: among those that select it, the highest priority
 * wins, ties going to the alphabetically first name, so every operator replica agrees.
 *
 * <p>Never selected, whatever the selector: the operator's own namespace, the system namespaces
 * ({@link SystemNamespace}) unless the baseline lists them in {@code includeSystemNamespaces}, and
 * the names in {@code excludeNamespaces} (which adds to these, never replaces them).
 */
public final class BaselineSelection {

  /** Higher priority first, then name. */
  static final Comparator<SecurityBaseline> PRECEDENCE =
      Comparator.comparingInt((SecurityBaseline b) -> -b.getSpec().priority)
          .thenComparing(b -> b.getMetadata().getName());

  private final String operatorNamespace;

  /** {@code operatorNamespace} is never governed (null when the operator runs outside). */
  public BaselineSelection(String operatorNamespace) {
    this.operatorNamespace = operatorNamespace;
  }

  /** Whether {@code baseline} selects {@code namespace}, ignoring other baselines. */
  public boolean selects(SecurityBaseline baseline, Namespace namespace) {
    String name = namespace.getMetadata().getName();
    if (baseline.getSpec() == null
        || baseline.getMetadata().getDeletionTimestamp() != null
        || namespace.getMetadata().getDeletionTimestamp() != null
        || name.equals(operatorNamespace)
        || baseline.getSpec().excludeNamespaces.contains(name)
        || (SystemNamespace.NAMES.contains(name) && !optsIn(baseline, name))) {
      return false;
    }
    return LabelSelectors.matches(
        baseline.getSpec().namespaceSelector, namespace.getMetadata().getLabels());
  }

  private static boolean optsIn(SecurityBaseline baseline, String systemNamespace) {
    List<SystemNamespace> included = baseline.getSpec().includeSystemNamespaces;
    return included != null
        && included.stream().anyMatch(ns -> ns != null && ns.namespace().equals(systemNamespace));
  }

  /** The governing baseline of {@code namespace} and the losers, from all known baselines. */
  public Governance govern(Namespace namespace, Collection<SecurityBaseline> baselines) {
    List<SecurityBaseline> selecting =
        baselines.stream().filter(b -> selects(b, namespace)).sorted(PRECEDENCE).toList();
    if (selecting.isEmpty()) {
      return Governance.NONE;
    }
    return new Governance(Optional.of(selecting.get(0)), selecting.subList(1, selecting.size()));
  }
}
