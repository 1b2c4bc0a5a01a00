package dev.bulwark.rbac;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The namespaces an RBAC object's findings can show up in: a named set ({@link RbacIndex}), or
 * every namespace (a role change resolved against every binding, or a caller that cannot tell).
 *
 * @param everyNamespace true when the object concerns every namespace; {@code named} then still
 *     lists the namespaces it names explicitly
 * @param named namespaces named by the object (its own, its service accounts'), sorted
 */
public record AffectedNamespaces(boolean everyNamespace, Set<String> named) {

  /** No namespace at all. */
  public static final AffectedNamespaces NONE = new AffectedNamespaces(false, Set.of());

  public AffectedNamespaces {
    named = Collections.unmodifiableSet(new TreeSet<>(named));
  }

  /** Exactly these namespaces. */
  public static AffectedNamespaces of(Collection<String> namespaces) {
    return new AffectedNamespaces(false, Set.copyOf(namespaces));
  }

  /** Both sets together: every namespace if either is, plus all named ones. */
  public AffectedNamespaces union(AffectedNamespaces other) {
    Set<String> both = new TreeSet<>(named);
    both.addAll(other.named);
    return new AffectedNamespaces(everyNamespace || other.everyNamespace, both);
  }

  /**
   * The concrete namespaces out of {@code known} (e.g. the namespaces in the informer cache): all
   * of them when {@link #everyNamespace()}, else the named ones (known or not).
   */
  public Set<String> resolve(Collection<String> known) {
    if (!everyNamespace) {
      return named;
    }
    Set<String> all = new TreeSet<>(known);
    all.addAll(named);
    return Collections.unmodifiableSet(all);
  }
}
