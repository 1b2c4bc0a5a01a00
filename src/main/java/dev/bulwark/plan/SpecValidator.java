package dev.bulwark.plan;

import dev.bulwark.api.ExceptionSpec;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineSpec;
import dev.bulwark.policy.network.PeerAllowance;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Semantic checks the CRD schema cannot express. Pure: returns problems (an Invalid condition,
 * nothing applied) instead of throwing half-way through a reconcile.
 */
public final class SpecValidator {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern REGISTRY =
      Pattern.compile("[A-Za-z0-9.-]+(:[0-9]+)?(/[a-z0-9._/-]+)?");
  private static final Set<String> LIMIT_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");

  private final Set<String> knownChecks;

  /** {@code knownChecks}: every check id an exception may name. */
  public SpecValidator(Set<String> knownChecks) {
    this.knownChecks = knownChecks;
  }

  /** All problems with {@code baseline}; empty when it can be applied. */
  public List<SpecProblem> validate(SecurityBaseline baseline) {
    List<SpecProblem> problems = new ArrayList<>();
    SecurityBaselineSpec spec = baseline.getSpec();
    if (spec == null) {
      problems.add(new SpecProblem("spec", "is required"));
      return problems;
    }
    if (baseline.getMetadata().getName().length() > 63) {
      problems.add(
          new SpecProblem(
              "metadata.name", "must be at most 63 characters: owned objects carry it as a label"));
    }
    for (int i = 0; i < spec.excludeNamespaces.size(); i++) {
      if (!DNS_LABEL.matcher(spec.excludeNamespaces.get(i)).matches()) {
        problems.add(
            new SpecProblem(
                "spec.excludeNamespaces[" + i + "]",
                "\"" + spec.excludeNamespaces.get(i) + "\" is not a namespace name"));
      }
    }
    problems.addAll(LabelSelectors.problems("spec.namespaceSelector", spec.namespaceSelector));
    problems.addAll(
        LabelSelectors.problems(
            "spec.network.allowFromNamespaces", spec.network.allowFromNamespaces));
    if (spec.network.dns != null) {
      problems.addAll(
          LabelSelectors.problems(
              "spec.network.dns.namespaceSelector", spec.network.dns.namespaceSelector));
      problems.addAll(
          LabelSelectors.problems("spec.network.dns.podSelector", spec.network.dns.podSelector));
      List<String> ipBlocks =
          spec.network.dns.ipBlocks == null ? List.of() : spec.network.dns.ipBlocks;
      for (int i = 0; i < ipBlocks.size(); i++) {
        if (!Cidr.isValid(ipBlocks.get(i))) {
          problems.add(
              new SpecProblem(
                  "spec.network.dns.ipBlocks[" + i + "]",
                  "\""
                      + ipBlocks.get(i)
                      + "\" is not a CIDR such as 169.254.20.10/32 or fd00::10/128"));
        }
      }
    }
    if (spec.network.tenantPolicies != null
        && spec.network.tenantPolicies.allowedIPBlocks != null) {
      List<String> allowed = spec.network.tenantPolicies.allowedIPBlocks;
      for (int i = 0; i < allowed.size(); i++) {
        if (!PeerAllowance.usableCidr(allowed.get(i))) {
          problems.add(
              new SpecProblem(
                  "spec.network.tenantPolicies.allowedIPBlocks[" + i + "]",
                  "\""
                      + allowed.get(i)
                      + "\" is not a CIDR such as 10.20.0.0/16 or fd00::/64 (no leading zeros,"
                      + " no IPv4-mapped IPv6)"));
        }
      }
    }
    if (spec.resources.quota != null) {
      quantities(problems, "spec.resources.quota.hard", spec.resources.quota.hard, false);
    }
    if (spec.resources.limitRange != null) {
      var limits = spec.resources.limitRange;
      quantities(problems, "spec.resources.limitRange.default", limits.defaultLimit, true);
      quantities(problems, "spec.resources.limitRange.defaultRequest", limits.defaultRequest, true);
      quantities(problems, "spec.resources.limitRange.max", limits.max, true);
      quantities(problems, "spec.resources.limitRange.min", limits.min, true);
      // Every pair, as the API server checks them: with a bound absent, the adjacent pairs miss
      // e.g. min > max, and the LimitRange is refused at apply time instead of here.
      ordered(problems, limits.defaultRequest, limits.defaultLimit, "defaultRequest", "default");
      ordered(problems, limits.min, limits.defaultRequest, "min", "defaultRequest");
      ordered(problems, limits.defaultLimit, limits.max, "default", "max");
      ordered(problems, limits.min, limits.defaultLimit, "min", "default");
      ordered(problems, limits.min, limits.max, "min", "max");
      ordered(problems, limits.defaultRequest, limits.max, "defaultRequest", "max");
    }
    for (int i = 0; i < spec.images.allowedRegistries.size(); i++) {
      String registry = spec.images.allowedRegistries.get(i);
      if (!REGISTRY.matcher(registry).matches()) {
        problems.add(
            new SpecProblem(
                "spec.images.allowedRegistries[" + i + "]",
                "\"" + registry + "\" is not a registry host with an optional path (no scheme)"));
      }
    }
    for (int i = 0; i < spec.exceptions.size(); i++) {
      exception(problems, "spec.exceptions[" + i + "]", spec.exceptions.get(i));
    }
    if (spec.images.vulnerabilities != null && spec.images.vulnerabilities.exceptions != null) {
      var accepted = spec.images.vulnerabilities.exceptions;
      for (int i = 0; i < accepted.size(); i++) {
        String field = "spec.images.vulnerabilities.exceptions[" + i + "]";
        if (accepted.get(i).ids == null || accepted.get(i).ids.isEmpty()) {
          problems.add(new SpecProblem(field + ".ids", "must name at least one vulnerability id"));
        }
        if (accepted.get(i).reason == null || accepted.get(i).reason.isBlank()) {
          problems.add(new SpecProblem(field + ".reason", "must say why they are accepted"));
        }
        String expires = accepted.get(i).expires;
        if (expires != null && !expires.isBlank()) {
          try {
            Instant.parse(expires);
          } catch (DateTimeParseException e) {
            problems.add(
                new SpecProblem(
                    field + ".expires",
                    "\"" + expires + "\" is not an RFC 3339 time like 2027-01-31T00:00:00Z"));
          }
        }
      }
    }
    return problems;
  }

  /**
   * Parts of {@code baseline}'s spec that are accepted but cannot take effect (see {@link
   * ImpossibleExceptions}); empty when there are none. Unlike {@link #validate}'s problems they do
   * not stop the rest of the spec from being applied.
   */
  public List<SpecProblem> warnings(SecurityBaseline baseline) {
    return ImpossibleExceptions.warnings(baseline.getSpec());
  }

  private void exception(List<SpecProblem> problems, String field, ExceptionSpec exception) {
    if (exception.checks.isEmpty()) {
      problems.add(new SpecProblem(field + ".checks", "must name at least one check"));
    }
    for (int j = 0; j < exception.checks.size(); j++) {
      if (!knownChecks.contains(exception.checks.get(j))) {
        problems.add(
            new SpecProblem(
                field + ".checks[" + j + "]", "unknown check \"" + exception.checks.get(j) + "\""));
      }
    }
    if (exception.reason == null || exception.reason.isBlank()) {
      problems.add(new SpecProblem(field + ".reason", "must say why the exception exists"));
    }
    if (exception.expires != null && !exception.expires.isBlank()) {
      try {
        Instant.parse(exception.expires);
      } catch (DateTimeParseException e) {
        problems.add(
            new SpecProblem(
                field + ".expires",
                "\"" + exception.expires + "\" is not an RFC 3339 time like 2027-01-31T00:00:00Z"));
      }
    }
    problems.addAll(LabelSelectors.problems(field + ".selector", exception.selector));
  }

  private static void quantities(
      List<SpecProblem> problems, String field, Map<String, Quantity> values, boolean limitsOnly) {
    if (values == null) {
      return;
    }
    values.forEach(
        (resource, quantity) -> {
          if (limitsOnly && !LIMIT_RESOURCES.contains(resource)) {
            problems.add(
                new SpecProblem(
                    field + "." + resource, "only cpu, memory and ephemeral-storage are allowed"));
          }
          var amount = amount(quantity);
          if (amount == null) {
            problems.add(
                new SpecProblem(
                    field + "." + resource, "\"" + quantity + "\" is not a Kubernetes quantity"));
          } else if (!limitsOnly && amount.signum() < 0) {
            // The API server refuses a ResourceQuota with a negative hard limit.
            problems.add(
                new SpecProblem(
                    field + "." + resource, "\"" + quantity + "\" must not be negative"));
          }
        });
  }

  private static void ordered(
      List<SpecProblem> problems,
      Map<String, Quantity> lower,
      Map<String, Quantity> upper,
      String lowerName,
      String upperName) {
    if (lower == null || upper == null) {
      return;
    }
    lower.forEach(
        (resource, low) -> {
          Quantity high = upper.get(resource);
          var lowAmount = amount(low);
          var highAmount = high == null ? null : amount(high);
          if (lowAmount != null && highAmount != null && lowAmount.compareTo(highAmount) > 0) {
            problems.add(
                new SpecProblem(
                    "spec.resources.limitRange." + lowerName + "." + resource,
                    low + " is greater than " + upperName + " " + high));
          }
        });
  }

  private static java.math.BigDecimal amount(Quantity quantity) {
    try {
      return quantity == null ? null : quantity.getNumericalAmount();
    } catch (IllegalArgumentException | ArithmeticException e) {
      return null;
    }
  }
}
