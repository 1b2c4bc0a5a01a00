package dev.bulwark.admission;

import dev.bulwark.policy.network.Direction;
import dev.bulwark.policy.network.PeerAllowance;
import dev.bulwark.policy.network.PortNumber;
import dev.bulwark.policy.network.TenantNetworkRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link TenantNetworkRule} in CEL over the NetworkPolicy under admission: the same paths, in the
 * same order, and the same message (the parity test sends generated policies through the API server
 * and compares). Each {@link PeerAllowance} variant and {@link
 * dev.bulwark.policy.network.SelectorImplication} have their CEL form here, written to follow the
 * Java line by line.
 *
 * <p>Uses the Kubernetes CEL libraries of API servers 1.32 and later: two-variable {@code
 * transformList} (to name rule and peer indexes) and {@code cidr()}/{@code isCIDR()}.
 */
final class TenantNetworkPolicyCel {

  private TenantNetworkPolicyCel() {}

  /** The policy types as the API server applies them (see TenantNetworkRule.effectiveTypes). */
  static final String TYPES =
      "has(object.spec.policyTypes) && size(object.spec.policyTypes) > 0"
          + " ? object.spec.policyTypes"
          + " : (has(object.spec.egress) && size(object.spec.egress) > 0"
          + " ? ['Ingress', 'Egress'] : ['Ingress'])";

  /**
   * The list of strings whose {@code join(', ')} is the comma-separated list of paths {@link
   * TenantNetworkRule#reopenings} returns; reads {@code variables.types}.
   */
  static String reopened(TenantNetworkRule rule) {
    List<String> parts = new ArrayList<>();
    for (Direction direction : rule.denied()) {
      String rules = "object.spec." + direction.rulesField();
      String path = "'spec." + direction.rulesField() + "[' + string(i) + ']'";
      String peers = "r." + direction.peersField();
      String rulePaths =
          "(!has("
              + peers
              + ") || size("
              + peers
              + ") == 0) ? "
              + path
              + " : "
              + peers
              + ".transformList(j, p, !("
              + allowed(rule.allowed().get(direction))
              + "), "
              + path
              + " + '."
              + direction.peersField()
              + "[' + string(j) + ']').join(', ')";
      parts.add(
          "(('"
              + direction.policyType()
              + "' in variables.types && has("
              + rules
              + ")) ? "
              + rules
              + ".transformList(i, r, "
              + rulePaths
              + ").filter(s, s != '') : [])");
    }
    return parts.isEmpty() ? "[]" : String.join(" + ", parts);
  }

  /** The refusal message over {@code variables.reopened}, as {@link TenantNetworkRule#message}. */
  static String message(TenantNetworkRule rule) {
    return CelText.string(rule.check() + ": " + rule.messagePrefix())
        + " + variables.reopened.join(', ') + "
        + CelText.string(rule.messageSuffix());
  }

  /** True when peer {@code p} of rule {@code r} is allowed by one of {@code allowances}. */
  private static String allowed(List<PeerAllowance> allowances) {
    List<String> terms = new ArrayList<>();
    for (PeerAllowance allowance : allowances) {
      terms.add("(" + allowance(allowance) + ")");
    }
    return terms.isEmpty() ? "false" : String.join(" || ", terms);
  }

  private static String allowance(PeerAllowance allowance) {
    return switch (allowance) {
      case PeerAllowance.OwnNamespacePods own ->
          "!has(p.ipBlock) && (!has(p.namespaceSelector) || (has(p.namespaceSelector.matchLabels)"
              + " && "
              + CelText.string(PeerAllowance.NAMESPACE_NAME_LABEL)
              + " in p.namespaceSelector.matchLabels && p.namespaceSelector.matchLabels["
              + CelText.string(PeerAllowance.NAMESPACE_NAME_LABEL)
              + "] == request.namespace))";
      case PeerAllowance.NamespacesWithin within ->
          "!has(p.ipBlock) && has(p.namespaceSelector) && "
              + implies("p.namespaceSelector", within.namespaces(), true)
              + " && "
              + implies("p.podSelector", within.pods(), false)
              + " && "
              + portsWithin(within.ports());
      case PeerAllowance.AddressesWithin within -> {
        List<String> cidrs = within.usableCidrs();
        yield cidrs.isEmpty()
            ? "false"
            : "has(p.ipBlock) && "
                + portsWithin(within.ports())
                + " && isCIDR(p.ipBlock.cidr) && "
                + CelText.strings(cidrs)
                + ".exists(c, cidr(c).containsCIDR(cidr(p.ipBlock.cidr)))";
      }
    };
  }

  /** See PeerAllowance.portsWithin. */
  private static String portsWithin(List<PortNumber> allowed) {
    if (allowed.isEmpty()) {
      return "true";
    }
    List<String> pairs = new ArrayList<>();
    for (PortNumber port : allowed) {
      pairs.add(
          "((has(q.protocol) ? q.protocol : 'TCP') == "
              + CelText.string(port.protocol())
              + " && string(q.port) == "
              + CelText.string(Integer.toString(port.port()))
              + ")");
    }
    return "(has(r.ports) && size(r.ports) > 0 && r.ports.all(q, has(q.port) && !has(q.endPort)"
        + " && ("
        + String.join(" || ", pairs)
        + ")))";
  }

  /**
   * {@code SelectorImplication.implies(narrow, wide)} where {@code narrow} is the CEL path of a
   * selector; {@code present} says the caller already knows it is set (else an unset one counts as
   * the empty selector).
   */
  static String implies(String narrow, LabelSelector wide, boolean present) {
    List<String> terms = new ArrayList<>();
    Map<String, String> labels =
        wide == null || wide.getMatchLabels() == null
            ? Map.of()
            : new TreeMap<>(wide.getMatchLabels());
    String narrowLabels = narrow + ".matchLabels";
    String narrowExpressions = narrow + ".matchExpressions";
    labels.forEach(
        (key, value) ->
            terms.add(
                hasLabel(narrowLabels, key)
                    + " && "
                    + narrowLabels
                    + "["
                    + CelText.string(key)
                    + "] == "
                    + CelText.string(value)));
    if (wide != null && wide.getMatchExpressions() != null) {
      for (LabelSelectorRequirement requirement : wide.getMatchExpressions()) {
        if (requirement != null) {
          terms.add(requirement(narrowLabels, narrowExpressions, requirement));
        }
      }
    }
    if (terms.isEmpty()) {
      return "true";
    }
    String all = "(" + String.join(") && (", terms) + ")";
    return present ? all : "(has(" + narrow + ") && " + all + ")";
  }

  private static String requirement(
      String labels, String expressions, LabelSelectorRequirement requirement) {
    String key = CelText.string(requirement.getKey());
    String values =
        CelText.strings(requirement.getValues() == null ? List.of() : requirement.getValues());
    String label = labels + "[" + key + "]";
    String anyExpression =
        "(has(" + expressions + ") && " + expressions + ".exists(x, x.key == " + key;
    return switch (String.valueOf(requirement.getOperator())) {
      case "In" ->
          anyExpression
              + " && x.operator == 'In' && has(x.values) && x.values.all(v, v in "
              + values
              + "))) || ("
              + hasLabel(labels, requirement.getKey())
              + " && "
              + label
              + " in "
              + values
              + ")";
      case "NotIn" ->
          anyExpression
              + " && x.operator == 'NotIn' && has(x.values) && "
              + values
              + ".all(v, v in x.values))) || ("
              + hasLabel(labels, requirement.getKey())
              + " && !("
              + label
              + " in "
              + values
              + "))";
      case "Exists" ->
          "("
              + hasLabel(labels, requirement.getKey())
              + ") || "
              + anyExpression
              + " && (x.operator == 'Exists' || x.operator == 'In')))";
      case "DoesNotExist" -> anyExpression + " && x.operator == 'DoesNotExist'))";
      default -> "false";
    };
  }

  private static String hasLabel(String labels, String key) {
    return "has(" + labels + ") && " + CelText.string(key) + " in " + labels;
  }
}
