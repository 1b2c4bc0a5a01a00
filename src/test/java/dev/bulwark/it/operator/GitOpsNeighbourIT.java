package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.testing.AuditLog;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestTimings;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, behaviour 4 (R4): a GitOps tool with its own server-side-apply field manager re-applies
 * its conflicting version of an owned NetworkPolicy and of a namespace's Pod Security labels every
 * 5 s. Bulwark writes each object a bounded number of times, says on the baseline who it is
 * fighting over what, keeps one Event series per object, and leaves the tool's other fields alone.
 *
 * <p>{@code -Dbulwark.neighbour.seconds=300} runs the full five minutes (default 60).
 */
@LocalCluster
class GitOpsNeighbourIT extends OperatorTestBase {

  /** How often the neighbour re-applies: as often as Bulwark's first repair backoff. */
  private static final long PERIOD_MILLIS = TestTimings.current().repairFirstWait().toMillis();

  /** How long the neighbour fights: twelve periods unless told otherwise. */
  private static final int SECONDS =
      Integer.getInteger("bulwark.neighbour.seconds", (int) (12 * PERIOD_MILLIS / 1000));

  private static final String NEIGHBOUR =
      "system:serviceaccount:argocd:argocd-application-controller";
  private static final String MANAGER = "argocd-controller";

  @Test
  void aNeighbourReapplyingItsVersionIsReportedAndNotFoughtInALoop() throws Exception {
    String ns = namespace(Map.of());
    String name = "neighbour-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted}
        network: {defaultDeny: [Ingress]}
        """);
    awaitStatus(name, sb -> assertThat(condition(sb, "Ready").getStatus()).isEqualTo("True"));

    Config config = Config.fromKubeconfig(cluster.plane().kubeconfigYaml());
    config.setImpersonateUsername(NEIGHBOUR);
    // A platform team's tool: the owned-object guard lets it through as a break-glass subject.
    config.setImpersonateGroups("system:masters", RunningOperator.BREAK_GLASS_GROUP);
    Instant started = Instant.now();
    try (KubernetesClient argo = new KubernetesClientBuilder().withConfig(config).build()) {
      for (Instant end = started.plusSeconds(SECONDS); Instant.now().isBefore(end); ) {
        argo.resource(
                new NetworkPolicyBuilder()
                    .withNewMetadata()
                    .withName("bulwark-default-deny")
                    .withNamespace(ns)
                    .addToAnnotations("argocd.argoproj.io/tracking-id", "shop:netpol")
                    .endMetadata()
                    .withNewSpec()
                    .withNewPodSelector()
                    .endPodSelector()
                    .withPolicyTypes("Ingress")
                    .addNewIngress()
                    .endIngress()
                    .endSpec()
                    .build())
            .fieldManager(MANAGER)
            .forceConflicts()
            .serverSideApply();
        argo.resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName(ns)
                    .addToLabels("pod-security.kubernetes.io/enforce", "privileged")
                    .addToLabels("owner", "shop-team")
                    .endMetadata()
                    .build())
            .fieldManager(MANAGER)
            .forceConflicts()
            .serverSideApply();
        Thread.sleep(PERIOD_MILLIS);
      }
    }

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              var degraded = condition(get(name), "Degraded");
              assertThat(degraded.getStatus()).isEqualTo("True");
              assertThat(degraded.getReason()).isEqualTo("FieldManagerConflict");
              assertThat(degraded.getMessage())
                  .contains("NetworkPolicy " + ns + "/bulwark-default-deny")
                  .contains("Namespace " + ns + "/" + ns)
                  .contains(MANAGER);
            });
    List<Event> series = events(name, "FieldManagerConflict");
    assertThat(series).as("one Event series per object").hasSize(2);
    assertThat(series).allSatisfy(e -> assertThat(e.getCount()).isGreaterThanOrEqualTo(2));

    List<AuditLog.Request> bulwarkWrites =
        AuditLog.read(cluster.plane().auditLog()).stream()
            .filter(AuditLog.Request::write)
            .filter(r -> r.completed().isAfter(started))
            .filter(r -> !r.username().equals(NEIGHBOUR))
            .filter(r -> ns.equals(r.namespace()) || ns.equals(r.name()))
            .toList();
    long toPolicy =
        bulwarkWrites.stream()
            .filter(r -> "networkpolicies".equals(r.resource()))
            .filter(r -> "bulwark-default-deny".equals(r.name()))
            .count();
    long toNamespace =
        bulwarkWrites.stream()
            .filter(r -> "namespaces".equals(r.resource()))
            .filter(r -> r.subresource().isEmpty())
            .count();
    System.out.printf(
        "GitOps neighbour for %d s: Bulwark wrote the NetworkPolicy %d and the namespace %d"
            + " times (the neighbour wrote each %d times)%n",
        SECONDS, toPolicy, toNamespace, SECONDS * 1000 / PERIOD_MILLIS);
    // Backoff of one period doubling per repair: repairs at 0, 1, 3, 7, 15, 31... periods, plus
    // the repair of the first conflicting version before the neighbour's second write.
    int bound = 2 + (int) Math.ceil(Math.log(SECONDS * 1000.0 / PERIOD_MILLIS + 1) / Math.log(2));
    assertThat(toPolicy).isBetween(1L, (long) bound);
    assertThat(toNamespace).isBetween(1L, (long) bound);
    assertThat(client.namespaces().withName(ns).get().getMetadata().getLabels())
        .as("a label only the neighbour manages stays")
        .containsEntry("owner", "shop-team");
    NetworkPolicy policy =
        client.network().networkPolicies().inNamespace(ns).withName("bulwark-default-deny").get();
    assertThat(policy.getMetadata().getAnnotations())
        .as("an annotation only the neighbour manages stays")
        .containsEntry("argocd.argoproj.io/tracking-id", "shop:netpol");
  }
}
