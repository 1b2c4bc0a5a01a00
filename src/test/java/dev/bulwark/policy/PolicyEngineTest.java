package dev.bulwark.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.policy.hardening.HardeningCheckIds;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The engine facade: messages, paths, configuration and exceptions. */
class PolicyEngineTest {

  private final PolicyEngine pssOnly =
      new PolicyEngine(EngineConfig.podSecurityOnly(Level.RESTRICTED, PolicyVersion.LATEST));

  @Test
  void messageNamesContainerAndFieldLikeTheApiServer() {
    Pod pod =
        TestPods.restricted(
            p ->
                p.getSpec()
                    .getContainers()
                    .get(0)
                    .getSecurityContext()
                    .setAllowPrivilegeEscalation(null));

    List<Finding> findings = pssOnly.evaluate(pod);

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.check()).isEqualTo("allowPrivilegeEscalation");
    assertThat(finding.standard()).isEqualTo(Standard.PSS);
    assertThat(finding.level()).isEqualTo(Level.RESTRICTED);
    assertThat(finding.message())
        .isEqualTo(
            "allowPrivilegeEscalation != false (container \"app\" must set"
                + " securityContext.allowPrivilegeEscalation=false)");
    assertThat(finding.path())
        .isEqualTo("spec.containers[0].securityContext.allowPrivilegeEscalation");
    assertThat(finding.remediation()).isNotBlank();
  }

  @Test
  void ephemeralContainersAreCheckedWithTheirOwnPath() {
    Pod pod =
        TestPods.restricted(
            p ->
                p.getSpec()
                    .setEphemeralContainers(
                        List.of(
                            new EphemeralContainerBuilder()
                                .withName("debug")
                                .withImage("busybox")
                                .build())));

    assertThat(pssOnly.evaluate(pod))
        .extracting(Finding::check, Finding::path)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "allowPrivilegeEscalation",
                "spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation"));
    assertThat(pssOnly.admits(pod.getMetadata(), pod.getSpec())).isFalse();
  }

  @Test
  void findingsNameTheContainerAndItsList() {
    Pod pod =
        TestPods.restricted(
            p -> {
              p.getSpec().getInitContainers().get(0).getSecurityContext().setPrivileged(true);
              p.getSpec()
                  .setEphemeralContainers(
                      List.of(
                          new EphemeralContainerBuilder()
                              .withName("debugger")
                              .withImage("busybox")
                              .withNewSecurityContext()
                              .withPrivileged(true)
                              .endSecurityContext()
                              .build()));
              p.getSpec().setHostNetwork(true);
            });

    assertThat(pssOnly.evaluate(pod))
        .filteredOn(f -> f.check().equals("privileged") || f.check().equals("hostNamespaces"))
        .extracting(Finding::check, f -> f.container() == null ? null : f.container().describe())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("privileged", "init container \"init\""),
            org.assertj.core.groups.Tuple.tuple("privileged", "ephemeral container \"debugger\""),
            org.assertj.core.groups.Tuple.tuple("hostNamespaces", null));
  }

  @Test
  void exceptionsDropOnlyTheFindingsTheyCover() {
    Pod pod =
        TestPods.restricted(
            p -> {
              p.getSpec().getSecurityContext().setRunAsUser(0L);
              p.getSpec().setHostNetwork(true);
            });
    PolicyEngine engine =
        new PolicyEngine(
            EngineConfig.podSecurityOnly(Level.RESTRICTED, PolicyVersion.LATEST)
                .withExceptions(
                    (object, finding) ->
                        object.getMetadata().getNamespace().equals("team-a")
                            && finding.check().equals("runAsUser")));

    assertThat(engine.evaluate(pod)).extracting(Finding::check).containsExactly("hostNamespaces");
  }

  @Test
  void defaultsRunEveryBulwarkCheckButRegistriesUntilSomeAreGiven() {
    EngineConfig defaults = EngineConfig.defaults();
    assertThat(defaults.bulwarkChecks())
        .doesNotContain(HardeningCheckIds.ALLOWED_REGISTRIES)
        .hasSize(HardeningCheckIds.ALL.size() - 1);
    assertThat(defaults.withAllowedRegistries(List.of("ghcr.io")).bulwarkChecks())
        .contains(HardeningCheckIds.ALLOWED_REGISTRIES);
  }

  @Test
  void unknownBulwarkCheckIsRejected() {
    assertThatThrownBy(() -> EngineConfig.defaults().withBulwarkChecks(Set.of("nope")))
        .hasMessageContaining("unknown Bulwark check \"nope\"");
  }

  @Test
  void versionsParseLikeTheNamespaceLabel() {
    assertThat(PolicyVersion.parse("latest").isLatest()).isTrue();
    assertThat(PolicyVersion.parse("v1.25").minor()).isEqualTo(25);
    assertThat(PolicyVersion.parse("v1.99").effectiveMinor()).isEqualTo(37);
    for (String bad : List.of("1.25", "v2.0", "v1.025", "", "Latest")) {
      assertThatThrownBy(() -> PolicyVersion.parse(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Level.parse("Restricted"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
