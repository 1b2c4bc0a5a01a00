package dev.bulwark.admission;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may change the objects Bulwark owns in governed namespaces, and write NetworkPolicies there
 * unchecked: the operator's own user and the break-glass users and groups an administrator named
 * (chart value {@code breakGlass}, flags {@code --break-glass-user}, {@code --break-glass-group}).
 * Everyone else, namespace owners included, is refused by {@link OwnedObjectGuard} and checked by
 * {@link TenantNetworkPolicies}.
 *
 * @param operator the user name the operator's requests carry, e.g. {@code
 *     system:serviceaccount:bulwark-system:bulwark}; null until found out at start ({@link
 *     #withOperator})
 * @param users break-glass user names
 * @param groups break-glass group names
 */
public record TrustedWriters(String operator, List<String> users, List<String> groups) {

  public TrustedWriters {
    users = List.copyOf(users);
    groups = List.copyOf(groups);
  }

  /** No break-glass subjects, operator not yet known. */
  public static TrustedWriters none() {
    return new TrustedWriters(null, List.of(), List.of());
  }

  /** These writers with the operator's user name. */
  public TrustedWriters withOperator(String operator) {
    return new TrustedWriters(operator, users, groups);
  }

  /**
   * A CEL condition, true when the request under admission comes from one of these writers. An
   * unknown operator trusts only the break-glass subjects.
   */
  public String requestIsTrusted() {
    List<String> names = new ArrayList<>();
    if (operator != null) {
      names.add(operator);
    }
    names.addAll(users);
    String byName = "request.userInfo.username in " + CelText.strings(names);
    if (groups.isEmpty()) {
      // Parenthesised: callers negate it, and ! binds tighter than in.
      return "(" + byName + ")";
    }
    return "("
        + byName
        + " || (has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in "
        + CelText.strings(groups)
        + ")))";
  }
}
