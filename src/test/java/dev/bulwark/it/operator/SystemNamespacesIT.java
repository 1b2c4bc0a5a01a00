package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.plan.Ownership;
import dev.bulwark.testing.LocalCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kube-system, kube-public and kube-node-lease are never governed unless a baseline opts in, and
 * excludeNamespaces adds to that list instead of replacing it (issue 10, item 6).
 */
@LocalCluster
class SystemNamespacesIT extends OperatorTestBase {

  private static final List<String> SYSTEM =
      List.of("kube-system", "kube-public", "kube-node-lease");

  /** How long the system namespaces must stay untouched once governed namespaces converged. */
  private static final Duration WINDOW = Duration.ofSeconds(5);

  @Test
  void anEmptySelectorWithExcludeNamespacesCreatesNothingInSystemNamespaces() {
    String ns = namespace(Map.of());
    baseline(
        "all-" + team,
        """
        namespaceSelector: {}
        excludeNamespaces: [legacy]
        """);

    // The baseline's creation queued every namespace, system ones included, in one event; once a
    // governed namespace has its policies, the operator has had its chance at kube-system too.
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(
                        client.network().v1().networkPolicies().inNamespace(ns).list().getItems())
                    .extracting(p -> p.getMetadata().getName())
                    .contains("bulwark-default-deny"));
    await()
        .during(WINDOW)
        .atMost(WINDOW.plusSeconds(5))
        .untilAsserted(
            () -> {
              for (String system : SYSTEM) {
                assertThat(
                        client
                            .network()
                            .v1()
                            .networkPolicies()
                            .inNamespace(system)
                            .withLabel(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY_VALUE)
                            .list()
                            .getItems())
                    .as("NetworkPolicies Bulwark created in " + system)
                    .isEmpty();
                assertThat(client.namespaces().withName(system).get().getMetadata().getLabels())
                    .as("labels of " + system)
                    .doesNotContainKey("pod-security.kubernetes.io/enforce");
              }
            });
  }

  @Test
  void aBaselineThatOptsInGovernsTheSystemNamespaceItNames() {
    baseline(
        "public-" + team,
        """
        namespaceSelector:
          matchLabels: {kubernetes.io/metadata.name: kube-public}
        includeSystemNamespaces: [kube-public]
        mode: Audit
        """);

    awaitStatus(
        "public-" + team, sb -> assertThat(sb.getStatus().namespaces.matched()).isEqualTo(1));
  }
}
