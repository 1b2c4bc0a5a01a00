package dev.bulwark.plan;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SystemNamespace;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which baseline governs a namespace: among those that select it, a valid one always wins
 * over an invalid one (whose spec {@link SpecValidator} rejects, so nothing of it can be applied);
 * among equals, the highest priority wins, ties going to the alphabetically first name, so every
 * operator replica (and {@code bulwark status}) agrees. An invalid baseline governs a namespace
 * only when no valid one selects it; then nothing is applied there and what was applied stays.
 *
 * <p>So a typo in a higher-priority baseline never takes its namespaces from a lower-priority valid
 * one: the valid one keeps them (its admission-policy bindings included) until the spec is fixed.
 * Should the valid one be in Audit mode, the namespaces an invalid Enforce baseline held are
 * released to it, as when that baseline is deleted.
 *
 * <p>Never selected, whatever the selector: the operator's own namespace, the system namespaces
 * ({@link SystemNamespace}) unless the baseline lists them in {@code includeSystemNamespaces}, and
 * the names in {@code excludeNamespaces} (which adds to these, never replaces them).
 */
public final class BaselineSelection {

  /** Higher priority first, then name. */
  public static final Comparator<SecurityBaseline> PRECEDENCE =
      Comparator.comparingInt((SecurityBaseline b) -> -b.getSpec().priority)
          .thenComparing(b -> b.getMetadata().getName());

  private final String operatorNamespace;
  private final SpecValidator validator;

  /** Validity of each baseline (by uid) at one generation: specs change only with it. */
  private final Map<String, Validity> validity = new ConcurrentHashMap<>();

  /**
   * {@code operatorNamespace} is never governed (null when the operator runs outside); validity is
   * {@link SpecValidator}'s with every known check.
   */
  public BaselineSelection(String operatorNamespace) {
    this(operatorNamespace, new SpecValidator(KnownChecks.ids()));
  }

  /** As the other constructor, judging validity with {@code validator}. */
  public BaselineSelection(String operatorNamespace, SpecValidator validator) {
    this.operatorNamespace = operatorNamespace;
    this.validator = validator;
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

  /**
   * Whether {@code baseline}'s spec can be applied ({@link SpecValidator} finds no problem),
   * remembered per uid and generation.
   */
  public boolean valid(SecurityBaseline baseline) {
    String uid = baseline.getMetadata().getUid();
    long generation =
        baseline.getMetadata().getGeneration() == null ? 0 : baseline.getMetadata().getGeneration();
    if (uid == null) {
      return validator.validate(baseline).isEmpty();
    }
    return validity
        .compute(
            uid,
            (key, known) ->
                known != null && known.generation() == generation
                    ? known
                    : new Validity(generation, validator.validate(baseline).isEmpty()))
        .valid();
  }

  /**
   * The governing baseline of {@code namespace} and the losers, from all known baselines: valid
   * ones before invalid ones, then by {@link #PRECEDENCE}.
   */
  public Governance govern(Namespace namespace, Collection<SecurityBaseline> baselines) {
    List<SecurityBaseline> selecting =
        baselines.stream()
            .filter(b -> selects(b, namespace))
            .sorted(
                Comparator.comparing((SecurityBaseline b) -> !valid(b)).thenComparing(PRECEDENCE))
            .toList();
    if (selecting.isEmpty()) {
      return Governance.NONE;
    }
    return new Governance(Optional.of(selecting.get(0)), selecting.subList(1, selecting.size()));
  }

  /** Whether a baseline's spec at one generation passed validation. */
  private record Validity(long generation, boolean valid) {}
}
