package dev.bulwark.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.ExceptionSpec;
import dev.bulwark.api.SecurityBaselineSpec;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.AuditConfig;
import dev.bulwark.policy.PolicyEngine;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which objects' pods the generated policies refuse, from the engine's findings. */
class AdmissionPreviewTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private static SecurityBaselineSpec spec() {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.resources.requireRequestsAndLimits = true;
    spec.workloads.requireProbes = true;
    spec.podSecurity.level = dev.bulwark.api.PodSecurityLevel.PRIVILEGED;
    return spec;
  }

  private static ExceptionSpec exception(String label, String expires, String... checks) {
    ExceptionSpec e = new ExceptionSpec();
    e.checks = List.of(checks);
    e.selector = new LabelSelectorBuilder().addToMatchLabels("tier", label).build();
    e.reason = "JIRA-1";
    e.expires = expires;
    return e;
  }

  private static HasMetadata deployment(String ownLabel, String templateLabel) {
    return Serialization.unmarshal(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop, labels: {tier: %s}}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web, tier: %s}}
            spec: {containers: [{name: app, image: nginx}]}
        """
            .formatted(ownLabel, templateLabel),
        HasMetadata.class);
  }

  private static List<PreviewedRefusal> refusals(
      SecurityBaselineSpec spec, HasMetadata object, ExceptionSpec... exceptions) {
    PolicyEngine engine = new PolicyEngine(AuditConfig.from(spec));
    return AdmissionPreview.of(spec)
        .refusals(object, engine.evaluate(object), ActiveExceptions.at(List.of(exceptions), NOW));
  }

  @Test
  void onlyChecksWithAGeneratedPolicyCount() {
    List<PreviewedRefusal> refusals = refusals(spec(), deployment("a", "a"));
    assertThat(refusals)
        .extracting(PreviewedRefusal::check)
        .containsExactly("probes", "resourceLimits", "resourceRequests");
    assertThat(refusals).allSatisfy(r -> assertThat(r.from()).isNull());
    assertThat(AdmissionPreview.line(refusals))
        .isEqualTo("Deployment shop/web: probes, resourceLimits, resourceRequests");
  }

  @Test
  void noPoliciesNoPreview() {
    SecurityBaselineSpec spec = spec();
    spec.admission.validatingPolicies = false;
    assertThat(refusals(spec, deployment("a", "a"))).isEmpty();
  }

  @Test
  void anExceptionMatchingOnlyTheWorkloadsOwnLabelsDoesNotCoverItsPods() {
    assertThat(refusals(spec(), deployment("legacy", "other"), exception("legacy", null, "probes")))
        .extracting(PreviewedRefusal::check)
        .contains("probes");
    assertThat(refusals(spec(), deployment("other", "legacy"), exception("legacy", null, "probes")))
        .extracting(PreviewedRefusal::check)
        .doesNotContain("probes");
  }

  @Test
  void anExpiringExceptionMovesTheRefusalToItsExpiry() {
    List<PreviewedRefusal> refusals =
        refusals(
            spec(),
            deployment("x", "legacy"),
            exception("legacy", "2026-07-01T00:00:00Z", "probes"));
    assertThat(refusals)
        .filteredOn(r -> r.check().equals("probes"))
        .singleElement()
        .satisfies(r -> assertThat(r.from()).isEqualTo(Instant.parse("2026-07-01T00:00:00Z")));
    assertThat(AdmissionPreview.line(refusals))
        .isEqualTo(
            "Deployment shop/web: probes from 2026-07-01T00:00:00Z, resourceLimits,"
                + " resourceRequests");
  }

  @Test
  void aCronJobIsCoveredOnlyWhenBothItsJobTemplateAndPodTemplateLabelsAre() {
    String cronJob =
        """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly, namespace: shop}
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            metadata: {labels: {tier: %s}}
            spec:
              template:
                metadata: {labels: {tier: legacy}}
                spec:
                  restartPolicy: OnFailure
                  containers: [{name: c, image: busybox}]
        """;
    SecurityBaselineSpec spec = spec();
    ExceptionSpec legacy = exception("legacy", null, "resourceRequests", "resourceLimits");
    assertThat(
            refusals(
                spec,
                Serialization.unmarshal(cronJob.formatted("legacy"), HasMetadata.class),
                legacy))
        .isEmpty();
    assertThat(
            refusals(
                spec,
                Serialization.unmarshal(cronJob.formatted("other"), HasMetadata.class),
                legacy))
        .extracting(PreviewedRefusal::check)
        .containsExactly("resourceLimits", "resourceRequests");
  }
}
