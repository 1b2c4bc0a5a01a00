package dev.bulwark.policy.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.policy.EngineConfig;
import dev.bulwark.policy.Finding;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.policy.PolicyVersion;
import dev.bulwark.policy.Standard;
import dev.bulwark.policy.TestPods;
import dev.bulwark.policy.pss.PssChecks;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bulwark's own checks: a hardened workload passes, each gap is reported once per place. */
class HardeningChecksTest {

  private static final String HARDENED =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: team-a}
      spec:
        template:
          spec:
            serviceAccountName: web
            automountServiceAccountToken: false
            containers:
            - name: app
              image: ghcr.io/acme/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
              securityContext: {readOnlyRootFilesystem: true}
              livenessProbe: {httpGet: {path: /, port: 8080}}
              readinessProbe: {httpGet: {path: /, port: 8080}}
              resources:
                requests: {cpu: 100m, memory: 64Mi, ephemeral-storage: 1Gi}
                limits: {cpu: 200m, memory: 128Mi, ephemeral-storage: 1Gi}
      """;

  private static final String BARE =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: team-a}
      spec:
        template:
          spec:
            containers:
            - name: app
              image: nginx:1.27
      """;

  private final PolicyEngine engine =
      new PolicyEngine(
          EngineConfig.podSecurityOnly(Level.PRIVILEGED, PolicyVersion.LATEST)
              .withBulwarkChecks(Set.copyOf(HardeningCheckIds.ALL))
              .withAllowedRegistries(List.of("ghcr.io/acme")));

  @Test
  void hardenedWorkloadHasNoFindings() {
    assertThat(engine.evaluate(TestPods.parse(HARDENED, Deployment.class))).isEmpty();
  }

  @Test
  void bareWorkloadFailsEveryCheckAtTheRightPath() {
    List<Finding> findings = engine.evaluate(TestPods.parse(BARE, Deployment.class));

    assertThat(findings).allMatch(f -> f.standard() == Standard.BULWARK && f.level() == null);
    assertThat(findings)
        .extracting(Finding::check, Finding::path)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "readOnlyRootFilesystem",
                "spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem"),
            org.assertj.core.groups.Tuple.tuple(
                "resourceRequests", "spec.template.spec.containers[0].resources.requests"),
            org.assertj.core.groups.Tuple.tuple(
                "resourceLimits", "spec.template.spec.containers[0].resources.limits"),
            org.assertj.core.groups.Tuple.tuple(
                "probes", "spec.template.spec.containers[0].livenessProbe"),
            org.assertj.core.groups.Tuple.tuple(
                "probes", "spec.template.spec.containers[0].readinessProbe"),
            org.assertj.core.groups.Tuple.tuple(
                "imageDigest", "spec.template.spec.containers[0].image"),
            org.assertj.core.groups.Tuple.tuple(
                "allowedRegistries", "spec.template.spec.containers[0].image"),
            org.assertj.core.groups.Tuple.tuple(
                "serviceAccountToken", "spec.template.spec.automountServiceAccountToken"),
            org.assertj.core.groups.Tuple.tuple(
                "defaultServiceAccount", "spec.template.spec.serviceAccountName"));
    assertThat(findings)
        .filteredOn(f -> f.check().equals("resourceLimits"))
        .extracting(Finding::message)
        .containsExactly(
            "resource limits missing (container \"app\" must set resources.limits for cpu,"
                + " memory, ephemeral-storage)");
  }

  /** The API server sets a missing request to the limit, so a limit alone is a request. */
  @Test
  void aLimitWithoutARequestCountsAsTheRequest() {
    HasMetadata limitsOnly =
        TestPods.parse(
            HARDENED.replace(
                "requests: {cpu: 100m, memory: 64Mi, ephemeral-storage: 1Gi}",
                "requests: {cpu: 100m}"),
            Deployment.class);
    HasMetadata requestsOnly =
        TestPods.parse(
            HARDENED.replace(
                "limits: {cpu: 200m, memory: 128Mi, ephemeral-storage: 1Gi}",
                "limits: {cpu: 200m}"),
            Deployment.class);

    assertThat(engine.evaluate(limitsOnly)).isEmpty();
    assertThat(engine.evaluate(requestsOnly))
        .extracting(Finding::check, Finding::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "resourceLimits",
                "resource limits missing (container \"app\" must set resources.limits for memory,"
                    + " ephemeral-storage)"));
  }

  @Test
  void jobsNeedNoProbes() {
    HasMetadata job =
        TestPods.parse(
            BARE.replace("apps/v1", "batch/v1")
                .replace("Deployment", "Job")
                .replace("containers:", "restartPolicy: Never\n      containers:"),
            Job.class);
    assertThat(engine.evaluate(job)).extracting(Finding::check).doesNotContain("probes");
  }

  @Test
  void idsNeverCollideWithUpstreams() {
    assertThat(PssChecks.infos())
        .extracting(info -> info.id())
        .doesNotContainAnyElementsOf(HardeningCheckIds.ALL);
    assertThat(HardeningChecks.infos()).allMatch(info -> !info.remediation().isBlank());
  }
}
