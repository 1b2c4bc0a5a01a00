package dev.bulwark.plan;

import static dev.bulwark.plan.Fixtures.exception;
import static dev.bulwark.plan.Fixtures.expressions;
import static dev.bulwark.plan.Fixtures.matchLabels;
import static dev.bulwark.plan.Fixtures.req;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.ExceptionSpec;
import dev.bulwark.api.SecurityBaseline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActiveExceptionsTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  static Stream<Arguments> expiryAtNow() {
    return Stream.of(
        Arguments.of("never expires (null)", null, true),
        Arguments.of("never expires (blank)", "  ", true),
        Arguments.of("a second in the future", "2026-06-01T12:00:01Z", true),
        Arguments.of("expires exactly now", "2026-06-01T12:00:00Z", false),
        Arguments.of("a second ago", "2026-06-01T11:59:59Z", false),
        Arguments.of("long past", "2020-01-01T00:00:00Z", false),
        Arguments.of("offset form, same instant as now", "2026-06-01T14:00:00+02:00", false),
        Arguments.of("offset form, later", "2026-06-01T12:30:00-01:00", true),
        Arguments.of("fractional second after now", "2026-06-01T12:00:00.001Z", true),
        // unparseable: applies as if it never expired; SpecValidator reports it as Invalid
        Arguments.of("date only", "2020-01-01", true),
        Arguments.of("garbage", "next tuesday", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expiryAtNow")
  void activeOrExpired(String description, String expires, boolean active) {
    ExceptionSpec exception = exception(List.of("runAsNonRoot"), "JIRA-1", expires);

    ActiveExceptions exceptions = ActiveExceptions.at(List.of(exception), NOW);

    assertThat(exceptions.covers("runAsNonRoot", "any", Map.of())).isEqualTo(active);
    assertThat(exceptions.describeActive()).hasSize(active ? 1 : 0);
    assertThat(exceptions.describeExpired()).hasSize(active ? 0 : 1);
  }

  @Test
  void nextExpiryIsTheEarliestActiveOne() {
    List<ExceptionSpec> exceptions =
        List.of(
            exception(List.of("a"), "later", "2026-09-01T00:00:00Z"),
            exception(List.of("b"), "expired, earlier than all", "2026-01-01T00:00:00Z"),
            exception(List.of("c"), "never", null),
            exception(List.of("d"), "unparseable", "soon"),
            exception(List.of("e"), "soonest", "2026-06-02T00:00:00Z"),
            exception(List.of("f"), "expires now", "2026-06-01T12:00:00Z"),
            exception(List.of("g"), "middle", "2026-07-01T00:00:00Z"));

    assertThat(ActiveExceptions.at(exceptions, NOW).nextExpiry())
        .contains(Instant.parse("2026-06-02T00:00:00Z"));
  }

  @Test
  void noNextExpiryWhenNoActiveExceptionExpires() {
    List<ExceptionSpec> exceptions =
        List.of(
            exception(List.of("a"), "never", null),
            exception(List.of("b"), "expired", "2026-01-01T00:00:00Z"));

    assertThat(ActiveExceptions.at(exceptions, NOW).nextExpiry()).isEmpty();
    assertThat(ActiveExceptions.at(List.of(), NOW).nextExpiry()).isEmpty();
  }

  private static ExceptionSpec scoped(List<String> namespaces, Map<String, String> selector) {
    ExceptionSpec exception = exception(List.of("runAsNonRoot", "imageDigest"), "JIRA-7", null);
    exception.namespaces = new ArrayList<>(namespaces);
    exception.selector = selector == null ? null : matchLabels(selector);
    return exception;
  }

  static Stream<Arguments> coverage() {
    Map<String, String> legacy = Map.of("app", "legacy");
    return Stream.of(
        Arguments.of(
            "listed check, any namespace",
            scoped(List.of(), null),
            "runAsNonRoot",
            "ns1",
            Map.of(),
            true),
        Arguments.of(
            "second listed check", scoped(List.of(), null), "imageDigest", "ns1", Map.of(), true),
        Arguments.of("other check", scoped(List.of(), null), "privileged", "ns1", Map.of(), false),
        Arguments.of(
            "check ids are exact", scoped(List.of(), null), "runasnonroot", "ns1", Map.of(), false),
        Arguments.of(
            "listed namespace",
            scoped(List.of("ns1", "ns2"), null),
            "runAsNonRoot",
            "ns2",
            Map.of(),
            true),
        Arguments.of(
            "unlisted namespace",
            scoped(List.of("ns1"), null),
            "runAsNonRoot",
            "ns3",
            Map.of(),
            false),
        Arguments.of(
            "selector matches", scoped(List.of(), legacy), "runAsNonRoot", "ns1", legacy, true),
        Arguments.of(
            "selector does not match",
            scoped(List.of(), legacy),
            "runAsNonRoot",
            "ns1",
            Map.of("app", "web"),
            false),
        Arguments.of(
            "selector, object without labels",
            scoped(List.of(), legacy),
            "runAsNonRoot",
            "ns1",
            null,
            false),
        Arguments.of(
            "no selector, object without labels",
            scoped(List.of(), null),
            "runAsNonRoot",
            "ns1",
            null,
            true),
        Arguments.of(
            "namespace and selector both hold",
            scoped(List.of("ns1"), legacy),
            "runAsNonRoot",
            "ns1",
            legacy,
            true),
        Arguments.of(
            "selector holds, namespace does not",
            scoped(List.of("ns1"), legacy),
            "runAsNonRoot",
            "ns2",
            legacy,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("coverage")
  void covers(
      String description,
      ExceptionSpec exception,
      String check,
      String namespace,
      Map<String, String> labels,
      boolean expected) {
    assertThat(ActiveExceptions.at(List.of(exception), NOW).covers(check, namespace, labels))
        .isEqualTo(expected);
  }

  @Test
  void expiredExceptionCoversNothing() {
    ExceptionSpec expired = exception(List.of("runAsNonRoot"), "old", "2026-01-01T00:00:00Z");

    assertThat(ActiveExceptions.at(List.of(expired), NOW).covers("runAsNonRoot", "ns", Map.of()))
        .isFalse();
  }

  @Test
  void anyOneActiveExceptionSuffices() {
    ExceptionSpec elsewhere = scoped(List.of("other"), null);
    ExceptionSpec expiredHere = exception(List.of("runAsNonRoot"), "old", "2026-01-01T00:00:00Z");
    ExceptionSpec here = scoped(List.of("ns1"), null);
    ActiveExceptions exceptions = ActiveExceptions.at(List.of(elsewhere, expiredHere, here), NOW);

    assertThat(exceptions.covers("runAsNonRoot", "ns1", Map.of())).isTrue();
    assertThat(exceptions.covers("runAsNonRoot", "ns2", Map.of())).isFalse();
  }

  @Test
  void exceptionWithAnInvalidSelectorCoversNothing() {
    ExceptionSpec exception = exception(List.of("runAsNonRoot"), "JIRA-9", null);
    exception.selector = expressions(req(null, "DoesNotExist"));

    assertThat(ActiveExceptions.at(List.of(exception), NOW).covers("runAsNonRoot", "ns", null))
        .isFalse();
  }

  @Test
  void describesActiveAndExpiredInSpecOrder() {
    List<ExceptionSpec> exceptions =
        List.of(
            exception(List.of("runAsNonRoot"), "JIRA-123", null),
            exception(
                List.of("imageDigest", "allowedRegistries"), "JIRA-5", "2026-01-31T00:00:00Z"),
            exception(List.of("privileged", "hostPath"), "vendor agent", "2027-01-31T00:00:00Z"),
            exception(List.of("seccomp"), "JIRA-6", "2026-06-01T12:00:00Z"));

    ActiveExceptions at = ActiveExceptions.at(exceptions, NOW);

    assertThat(at.describeActive())
        .containsExactly("runAsNonRoot: JIRA-123", "privileged,hostPath: vendor agent");
    assertThat(at.describeExpired())
        .containsExactly(
            "imageDigest,allowedRegistries: JIRA-5 (expired 2026-01-31T00:00:00Z)",
            "seccomp: JIRA-6 (expired 2026-06-01T12:00:00Z)");
  }

  @Test
  void unparseableExpiryIsReportedBySpecValidator() {
    ExceptionSpec exception = exception(List.of("runAsNonRoot"), "JIRA-1", "2020-01-01");
    SecurityBaseline baseline = Fixtures.baseline("b", 0);
    baseline.getSpec().exceptions.add(exception);

    assertThat(ActiveExceptions.at(List.of(exception), NOW).describeActive()).hasSize(1);
    assertThat(
            new SpecValidator(
                    Set.of(
                        "runAsNonRoot",
                        "ClusterAdminBinding",
                        "WildcardRules",
                        "SecretsReadAll",
                        "EscalateBindImpersonate"))
                .validate(baseline))
        .extracting(SpecProblem::field)
        .containsExactly("spec.exceptions[0].expires");
  }
}
