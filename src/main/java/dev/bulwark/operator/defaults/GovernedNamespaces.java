package dev.bulwark.operator.defaults;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SystemNamespace;
import dev.bulwark.plan.BaselineSelection;
import dev.bulwark.plan.LabelSelectors;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which live namespaces a baseline governs, and which it selects by label yet must leave alone (so
 * a label-based binding can exclude them by name).
 *
 * @param governed names of the namespaces {@code baseline} wins
 * @param excluded names its namespace selector matches (or may match) that it does not govern: its
 *     own exclusions, the system namespaces it does not opt into, the operator's namespace, and
 *     those a higher-priority baseline wins
 */
public record GovernedNamespaces(Set<String> governed, Set<String> excluded) {

  /** Computed from the namespaces and baselines in the caches. */
  public static GovernedNamespaces of(
      SecurityBaseline baseline,
      Collection<Namespace> live,
      Collection<SecurityBaseline> baselines,
      BaselineSelection selection) {
    Set<String> governed = new TreeSet<>();
    Set<String> excluded = new TreeSet<>();
    String name = baseline.getMetadata().getName();
    if (baseline.getSpec() != null) {
      excluded.addAll(baseline.getSpec().excludeNamespaces);
      for (String system : SystemNamespace.NAMES) {
        boolean optedIn =
            baseline.getSpec().includeSystemNamespaces != null
                && baseline.getSpec().includeSystemNamespaces.stream()
                    .anyMatch(s -> s != null && s.namespace().equals(system));
        if (!optedIn) {
          excluded.add(system);
        }
      }
    }
    for (Namespace namespace : live) {
      String ns = namespace.getMetadata().getName();
      boolean wins =
          selection
              .govern(namespace, baselines)
              .winner()
              .map(w -> name.equals(w.getMetadata().getName()))
              .orElse(false);
      if (wins) {
        governed.add(ns);
      } else if (baseline.getSpec() != null
          && LabelSelectors.matches(
              baseline.getSpec().namespaceSelector, namespace.getMetadata().getLabels())) {
        excluded.add(ns);
      }
    }
    excluded.removeAll(governed);
    return new GovernedNamespaces(governed, excluded);
  }
}
