package dev.bulwark.plan;

import static dev.bulwark.plan.Fixtures.baseline;
import static dev.bulwark.plan.Fixtures.exception;
import static dev.bulwark.plan.Fixtures.expressions;
import static dev.bulwark.plan.Fixtures.req;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.ExceptionSpec;
import dev.bulwark.api.LimitRangeSpec;
import dev.bulwark.api.QuotaSpec;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecValidatorTest {

  private static final Set<String> KNOWN =
      Set.of(
          "runAsNonRoot",
          "imageDigest",
          "privileged",
          "ClusterAdminBinding",
          "WildcardRules",
          "SecretsReadAll",
          "EscalateBindImpersonate");

  private final SpecValidator validator = new SpecValidator(KNOWN);

  /** A spec that uses every field validated, all valid; each case below breaks one thing. */
  private static SecurityBaseline valid() {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.namespaceSelector =
        new LabelSelector(
            new ArrayList<>(List.of(req("env", "In", "prod"), req("legacy", "DoesNotExist"))),
            Map.of("team", "a"));
    spec.excludeNamespaces = new ArrayList<>(List.of("kube-system", "a", "x-1", "a".repeat(63)));
    spec.network.allowFromNamespaces = expressions(req("ingress", "Exists"));
    spec.resources.quota = new QuotaSpec();
    spec.resources.quota.hard.put("requests.cpu", new Quantity("4"));
    spec.resources.quota.hard.put("limits.memory", new Quantity("8Gi"));
    spec.resources.quota.hard.put("pods", new Quantity("0"));
    spec.resources.quota.hard.put("count/deployments.apps", new Quantity("10"));
    LimitRangeSpec limits = new LimitRangeSpec();
    limits.min.put("cpu", new Quantity("10m"));
    limits.defaultRequest.put("cpu", new Quantity("10m"));
    limits.defaultLimit.put("cpu", new Quantity("1"));
    limits.max.put("cpu", new Quantity("1000m"));
    limits.defaultRequest.put("memory", new Quantity("1Gi"));
    limits.defaultLimit.put("memory", new Quantity("1024Mi"));
    limits.max.put("memory", new Quantity("2G"));
    limits.min.put("ephemeral-storage", new Quantity("1Mi"));
    spec.resources.limitRange = limits;
    spec.images.allowedRegistries =
        new ArrayList<>(
            List.of(
                "registry.example.com",
                "ghcr.io/acme",
                "localhost:5000/team/sub",
                "10.0.0.1:5000"));
    ExceptionSpec exception =
        exception(
            List.of("runAsNonRoot", "ClusterAdminBinding"), "JIRA-123", "2027-01-31T00:00:00Z");
    exception.namespaces = new ArrayList<>(List.of("legacy"));
    exception.selector = expressions(req("app", "In", "old"));
    spec.exceptions.add(exception);
    spec.exceptions.add(exception(List.of("imageDigest"), "vendor image, see JIRA-9", null));
    return baseline("restricted", spec);
  }

  @Test
  void validSpecHasNoProblems() {
    assertThat(validator.validate(valid())).isEmpty();
  }

  @Test
  void defaultSpecHasNoProblems() {
    assertThat(validator.validate(baseline("restricted", new SecurityBaselineSpec()))).isEmpty();
  }

  @Test
  void missingSpecIsTheOnlyProblem() {
    SecurityBaseline baseline = baseline("b", 0);
    baseline.setSpec(null);

    assertThat(validator.validate(baseline))
        .containsExactly(new SpecProblem("spec", "is required"));
  }

  private static Arguments row(
      String description, Consumer<SecurityBaseline> change, SpecProblem... expected) {
    return Arguments.of(description, change, List.of(expected));
  }

  private static Consumer<SecurityBaseline> spec(Consumer<SecurityBaselineSpec> change) {
    return baseline -> change.accept(baseline.getSpec());
  }

  private static Consumer<SecurityBaseline> limits(Consumer<LimitRangeSpec> change) {
    return baseline -> {
      LimitRangeSpec limits = new LimitRangeSpec();
      change.accept(limits);
      baseline.getSpec().resources.limitRange = limits;
    };
  }

  private static Consumer<SecurityBaseline> firstException(Consumer<ExceptionSpec> change) {
    return baseline -> change.accept(baseline.getSpec().exceptions.get(0));
  }

  private static Quantity q(String value) {
    return new Quantity(value);
  }

  private static SpecProblem problem(String field, String message) {
    return new SpecProblem(field, message);
  }

  static Stream<Arguments> problems() {
    String lr = "spec.resources.limitRange.";
    return Stream.of(
        row("name of 63 characters", b -> b.getMetadata().setName("n".repeat(63))),
        row(
            "name of 64 characters",
            b -> b.getMetadata().setName("n".repeat(64)),
            problem(
                "metadata.name",
                "must be at most 63 characters: owned objects carry it as a label")),
        row(
            "dns ipBlocks: IPv4 and IPv6 CIDRs",
            spec(
                s ->
                    s.network.dns.ipBlocks =
                        List.of("169.254.20.10/32", "10.0.0.0/8", "fd00::10/128"))),
        row(
            "dns ipBlocks: address without prefix",
            spec(s -> s.network.dns.ipBlocks = List.of("10.0.0.1/8", "169.254.20.10")),
            problem(
                "spec.network.dns.ipBlocks[1]",
                "\"169.254.20.10\" is not a CIDR such as 169.254.20.10/32 or fd00::10/128")),
        row(
            "dns ipBlocks: prefix too long",
            spec(s -> s.network.dns.ipBlocks = List.of("169.254.20.10/33")),
            problem(
                "spec.network.dns.ipBlocks[0]",
                "\"169.254.20.10/33\" is not a CIDR such as 169.254.20.10/32 or fd00::10/128")),
        row(
            "dns ipBlocks: dotted netmask",
            spec(s -> s.network.dns.ipBlocks = List.of("10.0.0.0/255.0.0.0")),
            problem(
                "spec.network.dns.ipBlocks[0]",
                "\"10.0.0.0/255.0.0.0\" is not a CIDR such as 169.254.20.10/32 or fd00::10/128")),
        row(
            "tenantPolicies allowedIPBlocks: IPv4 and IPv6",
            spec(
                s ->
                    s.network.tenantPolicies.allowedIPBlocks =
                        List.of("10.20.0.0/16", "fd00::/8"))),
        row(
            "tenantPolicies allowedIPBlocks: IPv4-mapped IPv6 and no prefix",
            spec(
                s ->
                    s.network.tenantPolicies.allowedIPBlocks =
                        List.of("::ffff:10.0.0.0/104", "10.0.0.1")),
            problem(
                "spec.network.tenantPolicies.allowedIPBlocks[0]",
                "\"::ffff:10.0.0.0/104\" is not a CIDR such as 10.20.0.0/16 or fd00::/64 (no"
                    + " leading zeros, no IPv4-mapped IPv6)"),
            problem(
                "spec.network.tenantPolicies.allowedIPBlocks[1]",
                "\"10.0.0.1\" is not a CIDR such as 10.20.0.0/16 or fd00::/64 (no leading"
                    + " zeros, no IPv4-mapped IPv6)")),
        row(
            "dns ipBlocks: host name",
            spec(s -> s.network.dns.ipBlocks = List.of("dns.example/32")),
            problem(
                "spec.network.dns.ipBlocks[0]",
                "\"dns.example/32\" is not a CIDR such as 169.254.20.10/32 or fd00::10/128")),
        row(
            "excludeNamespaces: upper case",
            spec(s -> s.excludeNamespaces.set(1, "Kube-System")),
            problem("spec.excludeNamespaces[1]", "\"Kube-System\" is not a namespace name")),
        row(
            "excludeNamespaces: leading dash",
            spec(s -> s.excludeNamespaces.set(0, "-a")),
            problem("spec.excludeNamespaces[0]", "\"-a\" is not a namespace name")),
        row(
            "excludeNamespaces: trailing dash",
            spec(s -> s.excludeNamespaces.set(0, "a-")),
            problem("spec.excludeNamespaces[0]", "\"a-\" is not a namespace name")),
        row(
            "excludeNamespaces: dot (a subdomain, not a label)",
            spec(s -> s.excludeNamespaces.set(2, "a.b")),
            problem("spec.excludeNamespaces[2]", "\"a.b\" is not a namespace name")),
        row(
            "excludeNamespaces: empty",
            spec(s -> s.excludeNamespaces.set(0, "")),
            problem("spec.excludeNamespaces[0]", "\"\" is not a namespace name")),
        row(
            "excludeNamespaces: 64 characters",
            spec(s -> s.excludeNamespaces.set(3, "a".repeat(64))),
            problem(
                "spec.excludeNamespaces[3]", "\"" + "a".repeat(64) + "\" is not a namespace name")),
        row(
            "namespaceSelector: In without values",
            spec(s -> s.namespaceSelector.getMatchExpressions().set(1, req("env", "In"))),
            problem(
                "spec.namespaceSelector.matchExpressions[1].values",
                "must be non-empty when operator is In")),
        row(
            "allowFromNamespaces: unknown operator",
            spec(s -> s.network.allowFromNamespaces = expressions(req("ingress", "Equals", "x"))),
            problem(
                "spec.network.allowFromNamespaces.matchExpressions[0].operator",
                "\"Equals\" is not one of In, NotIn, Exists, DoesNotExist")),
        row(
            "exception selector: Exists with values",
            firstException(e -> e.selector = expressions(req("app", "Exists", "old"))),
            problem(
                "spec.exceptions[0].selector.matchExpressions[0].values",
                "must be empty when operator is Exists")),
        row(
            "quota: not a quantity",
            spec(s -> s.resources.quota.hard.put("requests.cpu", q("four"))),
            problem(
                "spec.resources.quota.hard.requests.cpu", "\"four\" is not a Kubernetes quantity")),
        row(
            "quota: unknown suffix",
            spec(s -> s.resources.quota.hard.put("limits.memory", q("8GB"))),
            problem(
                "spec.resources.quota.hard.limits.memory", "\"8GB\" is not a Kubernetes quantity")),
        row(
            "quota: negative",
            spec(s -> s.resources.quota.hard.put("pods", q("-1"))),
            problem("spec.resources.quota.hard.pods", "\"-1\" must not be negative")),
        row(
            "quota: any resource name is allowed",
            spec(s -> s.resources.quota.hard.put("services.loadbalancers", q("0")))),
        row(
            "limitRange: not a quantity",
            limits(l -> l.max.put("memory", q("lots"))),
            problem(lr + "max.memory", "\"lots\" is not a Kubernetes quantity")),
        row(
            "limitRange: bad quantity in each map",
            limits(
                l -> {
                  l.defaultLimit.put("cpu", q("1x"));
                  l.defaultRequest.put("cpu", q("1y"));
                  l.min.put("cpu", q("1z"));
                }),
            problem(lr + "default.cpu", "\"1x\" is not a Kubernetes quantity"),
            problem(lr + "defaultRequest.cpu", "\"1y\" is not a Kubernetes quantity"),
            problem(lr + "min.cpu", "\"1z\" is not a Kubernetes quantity")),
        row(
            "limitRange: not a container limit resource",
            limits(l -> l.defaultLimit.put("pods", q("3"))),
            problem(lr + "default.pods", "only cpu, memory and ephemeral-storage are allowed")),
        row(
            "limitRange: wrong resource and bad quantity",
            limits(l -> l.min.put("nvidia.com/gpu", q("one"))),
            problem(
                lr + "min.nvidia.com/gpu", "only cpu, memory and ephemeral-storage are allowed"),
            problem(lr + "min.nvidia.com/gpu", "\"one\" is not a Kubernetes quantity")),
        row(
            "limitRange: defaultRequest above default",
            limits(
                l -> {
                  l.defaultRequest.put("cpu", q("1500m"));
                  l.defaultLimit.put("cpu", q("1"));
                }),
            problem(lr + "defaultRequest.cpu", "1500m is greater than default 1")),
        row(
            "limitRange: min above defaultRequest",
            limits(
                l -> {
                  l.min.put("memory", q("512Mi"));
                  l.defaultRequest.put("memory", q("256Mi"));
                }),
            problem(lr + "min.memory", "512Mi is greater than defaultRequest 256Mi")),
        row(
            "limitRange: default above max",
            limits(
                l -> {
                  l.defaultLimit.put("memory", q("2Gi"));
                  l.max.put("memory", q("2G"));
                }),
            problem(lr + "default.memory", "2Gi is greater than max 2G")),
        row(
            "limitRange: min above max, nothing between",
            limits(
                l -> {
                  l.min.put("cpu", q("2"));
                  l.max.put("cpu", q("1"));
                }),
            problem(lr + "min.cpu", "2 is greater than max 1")),
        row(
            "limitRange: min above default, no defaultRequest",
            limits(
                l -> {
                  l.min.put("cpu", q("2"));
                  l.defaultLimit.put("cpu", q("1"));
                }),
            problem(lr + "min.cpu", "2 is greater than default 1")),
        row(
            "limitRange: defaultRequest above max, no default",
            limits(
                l -> {
                  l.defaultRequest.put("ephemeral-storage", q("2Gi"));
                  l.max.put("ephemeral-storage", q("1Gi"));
                }),
            problem(lr + "defaultRequest.ephemeral-storage", "2Gi is greater than max 1Gi")),
        row(
            "limitRange: equal bounds are fine",
            limits(
                l -> {
                  l.min.put("memory", q("1Gi"));
                  l.defaultRequest.put("memory", q("1024Mi"));
                  l.defaultLimit.put("memory", q("1073741824"));
                  l.max.put("memory", q("1Gi"));
                })),
        row(
            "limitRange: bounds compare per resource only",
            limits(
                l -> {
                  l.min.put("cpu", q("4"));
                  l.max.put("memory", q("1"));
                })),
        row(
            "limitRange: bad quantity is not also compared",
            limits(
                l -> {
                  l.min.put("cpu", q("lots"));
                  l.max.put("cpu", q("1"));
                }),
            problem(lr + "min.cpu", "\"lots\" is not a Kubernetes quantity")),
        row(
            "allowedRegistries: scheme",
            spec(s -> s.images.allowedRegistries.set(1, "https://ghcr.io")),
            problem(
                "spec.images.allowedRegistries[1]",
                "\"https://ghcr.io\" is not a registry host with an optional path (no scheme)")),
        row(
            "allowedRegistries: upper-case path",
            spec(s -> s.images.allowedRegistries.set(0, "ghcr.io/Acme")),
            problem(
                "spec.images.allowedRegistries[0]",
                "\"ghcr.io/Acme\" is not a registry host with an optional path (no scheme)")),
        row(
            "allowedRegistries: empty",
            spec(s -> s.images.allowedRegistries.set(2, "")),
            problem(
                "spec.images.allowedRegistries[2]",
                "\"\" is not a registry host with an optional path (no scheme)")),
        row(
            "allowedRegistries: space",
            spec(s -> s.images.allowedRegistries.set(3, "my registry")),
            problem(
                "spec.images.allowedRegistries[3]",
                "\"my registry\" is not a registry host with an optional path (no scheme)")),
        row("rbac.forbid: empty is fine", spec(s -> s.rbac.forbid.clear())),
        row(
            "exception: no checks",
            firstException(e -> e.checks.clear()),
            problem("spec.exceptions[0].checks", "must name at least one check")),
        row(
            "exception: unknown check, indexed",
            spec(s -> s.exceptions.get(1).checks.add("runAsRoot")),
            problem("spec.exceptions[1].checks[1]", "unknown check \"runAsRoot\"")),
        row(
            "exception: blank reason",
            firstException(e -> e.reason = " \t"),
            problem("spec.exceptions[0].reason", "must say why the exception exists")),
        row(
            "exception: null reason",
            firstException(e -> e.reason = null),
            problem("spec.exceptions[0].reason", "must say why the exception exists")),
        row(
            "exception: date without time",
            firstException(e -> e.expires = "2027-01-31"),
            problem(
                "spec.exceptions[0].expires",
                "\"2027-01-31\" is not an RFC 3339 time like 2027-01-31T00:00:00Z")),
        row(
            "exception: not a time",
            firstException(e -> e.expires = "tomorrow"),
            problem(
                "spec.exceptions[0].expires",
                "\"tomorrow\" is not an RFC 3339 time like 2027-01-31T00:00:00Z")),
        row(
            "exception: offset time is fine",
            firstException(e -> e.expires = "2027-01-31T09:00:00+01:00")),
        row("exception: blank expires means never", firstException(e -> e.expires = "")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void reportsExactlyTheProblem(
      String description, Consumer<SecurityBaseline> change, List<SpecProblem> expected) {
    SecurityBaseline baseline = valid();
    change.accept(baseline);

    assertThat(validator.validate(baseline)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void checksAreKnownOnlyIfPassedIn() {
    SecurityBaseline baseline = valid();

    assertThat(new SpecValidator(Set.of("runAsNonRoot", "imageDigest")).validate(baseline))
        .containsExactly(
            problem("spec.exceptions[0].checks[1]", "unknown check \"ClusterAdminBinding\""));
  }

  @Test
  void reportsEveryLimitOrderingAStackedInversionBreaks() {
    SecurityBaseline baseline = valid();
    LimitRangeSpec limits = new LimitRangeSpec();
    limits.min.put("cpu", q("4"));
    limits.defaultRequest.put("cpu", q("3"));
    limits.defaultLimit.put("cpu", q("2"));
    limits.max.put("cpu", q("1"));
    baseline.getSpec().resources.limitRange = limits;

    assertThat(validator.validate(baseline))
        .containsExactlyInAnyOrder(
            problem("spec.resources.limitRange.min.cpu", "4 is greater than defaultRequest 3"),
            problem("spec.resources.limitRange.min.cpu", "4 is greater than default 2"),
            problem("spec.resources.limitRange.min.cpu", "4 is greater than max 1"),
            problem("spec.resources.limitRange.defaultRequest.cpu", "3 is greater than default 2"),
            problem("spec.resources.limitRange.defaultRequest.cpu", "3 is greater than max 1"),
            problem("spec.resources.limitRange.default.cpu", "2 is greater than max 1"));
  }

  @Test
  void reportsAllProblemsAtOnceInSpecOrder() {
    SecurityBaseline baseline = valid();
    baseline.getSpec().excludeNamespaces.set(0, "Bad");
    baseline.getSpec().namespaceSelector = expressions(req(null, "Exists"));
    baseline.getSpec().images.allowedRegistries.set(0, "http://x");
    baseline.getSpec().exceptions.get(1).reason = "";

    assertThat(validator.validate(baseline))
        .extracting(SpecProblem::field)
        .containsExactly(
            "spec.excludeNamespaces[0]",
            "spec.namespaceSelector.matchExpressions[0].key",
            "spec.images.allowedRegistries[0]",
            "spec.exceptions[1].reason");
  }

  @Test
  void problemPrintsFieldThenMessage() {
    assertThat(problem("spec.x", "is wrong")).hasToString("spec.x: is wrong");
  }

  @org.junit.jupiter.api.Test
  void aPodSecurityExceptionUnderEnforceIsAWarningNamingTheFieldAndWhatToDoInstead() {
    dev.bulwark.api.SecurityBaseline baseline = new dev.bulwark.api.SecurityBaseline();
    baseline.getMetadata().setName("b");
    dev.bulwark.api.SecurityBaselineSpec spec = new dev.bulwark.api.SecurityBaselineSpec();
    dev.bulwark.api.ExceptionSpec digest = new dev.bulwark.api.ExceptionSpec();
    digest.checks = java.util.List.of("imageDigest");
    digest.reason = "r";
    dev.bulwark.api.ExceptionSpec root = new dev.bulwark.api.ExceptionSpec();
    root.checks = java.util.List.of("runAsNonRoot", "imageDigest");
    root.reason = "r";
    spec.exceptions = java.util.List.of(digest, root);
    baseline.setSpec(spec);
    SpecValidator validator = new SpecValidator(KnownChecks.ids());

    org.assertj.core.api.Assertions.assertThat(validator.validate(baseline)).isEmpty();
    org.assertj.core.api.Assertions.assertThat(validator.warnings(baseline))
        .singleElement()
        .satisfies(
            w -> {
              org.assertj.core.api.Assertions.assertThat(w.field())
                  .isEqualTo("spec.exceptions[1].checks");
              org.assertj.core.api.Assertions.assertThat(w.message())
                  .startsWith("runAsNonRoot cannot be excepted")
                  .contains("separate baseline");
            });

    spec.mode = dev.bulwark.api.Mode.Audit;
    org.assertj.core.api.Assertions.assertThat(validator.warnings(baseline))
        .as("in Audit mode the exception only filters reports")
        .isEmpty();
    spec.mode = dev.bulwark.api.Mode.Enforce;
    spec.podSecurity.level = dev.bulwark.api.PodSecurityLevel.BASELINE;
    org.assertj.core.api.Assertions.assertThat(validator.warnings(baseline))
        .as("runAsNonRoot is a restricted check, not enforced at baseline")
        .isEmpty();
  }
}
