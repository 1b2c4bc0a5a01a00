package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RefusingPolicy;
import dev.bulwark.testing.RunningOperator;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, behaviour 5: a namespace whose Enforce baseline is deleted, or loses the namespace to
 * another baseline of any mode, gets everything released; restoring the previous labels never
 * happens after the ownership record is gone, so an interrupted release still ends restored.
 */
@LocalCluster
class ReleaseIT extends OperatorTestBase {

  private static final String ENFORCE = "pod-security.kubernetes.io/enforce";
  private static final String ENFORCE_VERSION = "pod-security.kubernetes.io/enforce-version";

  private static final String ENFORCE_SPEC =
      """
      namespaceSelector: {matchLabels: {team: %s}}
      priority: 10
      podSecurity: {level: restricted}
      network: {defaultDeny: [Ingress, Egress]}
      resources:
        quota: {hard: {pods: "10"}}
      """;

  @Test
  void enforceBaselineDeletedWhileAnAuditBaselineStillSelectsIsReleased() {
    String ns = namespace(Map.of(ENFORCE, "baseline", ENFORCE_VERSION, "v1.29"));
    String enforce = "enforce-" + team;
    baseline(enforce, ENFORCE_SPEC);
    baseline(
        "audit-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        mode: Audit
        """);
    awaitEnforced(ns);

    client.resources(SecurityBaseline.class).withName(enforce).delete();

    awaitReleased(ns);
    awaitStatus(
        "audit-" + team, sb -> assertThat(sb.getStatus().namespaces.matched()).isEqualTo(1));
  }

  @Test
  void enforceBaselineLosingToAHigherPriorityAuditBaselineIsReleased() {
    String ns = namespace(Map.of(ENFORCE, "baseline", ENFORCE_VERSION, "v1.29"));
    baseline("enforce-" + team, ENFORCE_SPEC);
    awaitEnforced(ns);

    baseline(
        "audit-" + team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        priority: 100
        mode: Audit
        """);

    awaitReleased(ns);
    awaitStatus(
        "enforce-" + team,
        sb -> assertThat(condition(sb, "Conflict").getStatus()).isEqualTo("True"));
  }

  /**
   * The API server refuses the write that restores the previous labels (as a crash at that moment
   * would leave it), the operator is stopped, the refusal lifted, a new operator started: the
   * labels must come back. A release that drops its ownership record first loses them for good.
   */
  @Test
  void releaseInterruptedBeforeTheLabelsAreRestoredEndsRestored() {
    String ns = namespace(Map.of(ENFORCE, "baseline", ENFORCE_VERSION, "v1.29"));
    String enforce = "enforce-" + team;
    baseline(enforce, ENFORCE_SPEC);
    awaitEnforced(ns);

    try (RefusingPolicy refusing =
        RefusingPolicy.create(
            client,
            "refuse-restore-" + team,
            "",
            "namespaces",
            "[UPDATE]",
            "object.metadata.name != '%s' || !has(object.metadata.labels)".formatted(ns)
                + " || !('pod-security.kubernetes.io/enforce' in object.metadata.labels)"
                + " || object.metadata.labels['pod-security.kubernetes.io/enforce'] !="
                + " 'baseline'",
            "test: restoring the previous Pod Security labels is refused",
            () -> refused(ns))) {
      client.resources(SecurityBaseline.class).withName(enforce).delete();
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                assertThat(client.resourceQuotas().inNamespace(ns).list().getItems()).isEmpty();
                assertThat(client.network().networkPolicies().inNamespace(ns).list().getItems())
                    .isEmpty();
              });
      assertThat(client.namespaces().withName(ns).get().getMetadata().getAnnotations())
          .as("the ownership record stays until the labels are back")
          .containsKeys("bulwark.dev/governed-by", "bulwark.dev/previous-pod-security-labels");

      operator.close();
    }
    operator = RunningOperator.start(cluster);
    awaitReleased(ns);
  }

  private void awaitEnforced(String ns) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(labels(ns)).containsEntry(ENFORCE, "restricted");
              assertThat(client.network().networkPolicies().inNamespace(ns).list().getItems())
                  .isNotEmpty();
              assertThat(client.resourceQuotas().inNamespace(ns).list().getItems()).hasSize(1);
            });
  }

  private void awaitReleased(String ns) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(labels(ns))
                  .containsEntry(ENFORCE, "baseline")
                  .containsEntry(ENFORCE_VERSION, "v1.29")
                  .doesNotContainKeys(
                      "pod-security.kubernetes.io/audit", "pod-security.kubernetes.io/warn");
              assertThat(client.namespaces().withName(ns).get().getMetadata().getAnnotations())
                  .doesNotContainKeys(
                      "bulwark.dev/governed-by", "bulwark.dev/previous-pod-security-labels");
              assertThat(client.network().networkPolicies().inNamespace(ns).list().getItems())
                  .isEmpty();
              assertThat(client.resourceQuotas().inNamespace(ns).list().getItems()).isEmpty();
            });
  }

  /** Whether setting the previous enforce label on {@code ns} is refused now. */
  private boolean refused(String ns) {
    try {
      var probe = client.namespaces().withName(ns).get();
      probe.getMetadata().getLabels().put(ENFORCE, "baseline");
      client.namespaces().resource(probe).dryRun().update();
      return false;
    } catch (KubernetesClientException e) {
      return true;
    }
  }

  private Map<String, String> labels(String ns) {
    return client.namespaces().withName(ns).get().getMetadata().getLabels();
  }
}
