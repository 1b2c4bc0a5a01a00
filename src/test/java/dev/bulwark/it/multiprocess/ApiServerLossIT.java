package dev.bulwark.it.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.Violation;
import dev.bulwark.operator.ledger.NamespaceEvaluation;
import dev.bulwark.testing.AuditLog;
import dev.bulwark.testing.Baselines;
import dev.bulwark.testing.ExtraApiServer;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import dev.bulwark.testing.Workloads;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, behaviour 9 (R3): the API server the operator talks to is killed while a new generation
 * of a baseline and other changes are made through another API server, and started again after etcd
 * has compacted the revisions the operator's watches stood at, so every watch expires (HTTP 410).
 * The operator, never restarted, relists once per informer, misses no delete and converges.
 *
 * <p>{@code -Dbulwark.apiloss.namespaces=N} (default 8) and {@code -Dbulwark.apiloss.outage=S}
 * seconds (default 6) make the long variant.
 */
@LocalCluster(controllerManager = true)
class ApiServerLossIT {

  private static final int NAMESPACES = Integer.getInteger("bulwark.apiloss.namespaces", 8);
  private static final int OUTAGE = Integer.getInteger("bulwark.apiloss.outage", 6);
  private static final Duration CONVERGE = Duration.ofSeconds(120);

  @Test
  void operatorRecoversFromALostApiServerAndExpiredWatches(TestCluster cluster, @TempDir Path dir)
      throws Exception {
    RunningOperator.installCrds(cluster);
    Path compactorDir = Files.createDirectories(dir.resolve("compactor"));
    Path serverDir = Files.createDirectories(dir.resolve("server"));
    String team = "loss" + UUID.randomUUID().toString().substring(0, 6);
    String baseline = "loss-" + team;
    List<String> namespaces = new ArrayList<>();
    try (ExtraApiServer compactor =
            ExtraApiServer.start(cluster, compactorDir, "--etcd-compaction-interval=1s");
        ExtraApiServer server = ExtraApiServer.start(cluster, serverDir, "--watch-cache=false");
        KubernetesClient admin = cluster.newClient()) {
      for (int i = 0; i < NAMESPACES; i++) {
        namespaces.add(cluster.createNamespace(Map.of("team", team)));
      }
      Instant started = Instant.now();
      RunningOperator operator = RunningOperator.start(cluster, server.newClient());
      try {
        admin
            .resource(
                Baselines.fromYaml(
                    baseline,
                    """
                    namespaceSelector: {matchLabels: {team: %s}}
                    podSecurity: {level: restricted}
                    network: {defaultDeny: [Ingress]}
                    """
                        .formatted(team)))
            .create();
        await().atMost(CONVERGE).untilAsserted(() -> assertReady(admin, baseline, 1, NAMESPACES));
        Map<String, Long> listsAtStart = lists(server.auditLog(), started);

        server.kill();
        admin
            .resources(SecurityBaseline.class)
            .withName(baseline)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"network\":{\"defaultDeny\":[\"Ingress\",\"Egress\"]}}}");
        admin.namespaces().withName(namespaces.get(0)).delete();
        admin
            .network()
            .networkPolicies()
            .inNamespace(namespaces.get(2))
            .withName("bulwark-default-deny")
            .delete();
        admin.resource(Workloads.privileged(namespaces.get(1), "during-outage")).create();
        Thread.sleep(Duration.ofSeconds(OUTAGE).toMillis());
        Instant restarted = Instant.now();
        server.restart();

        await()
            .atMost(CONVERGE)
            .untilAsserted(
                () -> {
                  assertReady(admin, baseline, 2, NAMESPACES - 1);
                  SecurityBaseline sb =
                      admin.resources(SecurityBaseline.class).withName(baseline).get();
                  assertThat(sb.getStatus().violations.top())
                      .extracting(Violation::name)
                      .contains("during-outage");
                  for (String ns : namespaces.subList(1, NAMESPACES)) {
                    assertThat(admin.network().networkPolicies().inNamespace(ns).list().getItems())
                        .extracting(NetworkPolicy::getMetadata)
                        .extracting(m -> m.getName())
                        .contains("bulwark-default-deny", "bulwark-allow-dns");
                  }
                  assertThat(operator.evaluations())
                      .extracting(NamespaceEvaluation::namespace)
                      .doesNotContain(namespaces.get(0));
                });
        Map<String, Long> relists = lists(server.auditLog(), restarted);
        System.out.printf(
            "API server loss: lists per resource at start %s, after the restart %s%n",
            listsAtStart, relists);
        assertThat(relists.keySet())
            .as("every informer's resource was listed again: its watch expired")
            .containsAll(listsAtStart.keySet());
        relists.forEach(
            (resource, count) ->
                assertThat(count)
                    .as("lists of %s after the restart (at start: %s)", resource, listsAtStart)
                    .isLessThanOrEqualTo(listsAtStart.getOrDefault(resource, 0L)));
        assertThat(compactor.auditLog()).exists();
      } finally {
        operator.close();
        admin.resources(SecurityBaseline.class).withName(baseline).delete();
      }
    }
  }

  private static void assertReady(
      KubernetesClient client, String baseline, long generation, int matched) {
    SecurityBaseline sb = client.resources(SecurityBaseline.class).withName(baseline).get();
    assertThat(sb.getStatus()).isNotNull();
    assertThat(sb.getStatus().observedGeneration).isEqualTo(generation);
    assertThat(sb.getStatus().namespaces.matched()).isEqualTo(matched);
    assertThat(sb.getStatus().conditions)
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });
  }

  /** The operator's list requests per resource (group/resource) completed after {@code since}. */
  private static Map<String, Long> lists(Path auditLog, Instant since) {
    return AuditLog.read(auditLog).stream()
        .filter(r -> "list".equals(r.verb()))
        // The API server's own loopback client lists RBAC and Services as it starts.
        .filter(r -> !"system:apiserver".equals(r.username()))
        .filter(r -> r.completed().isAfter(since))
        .collect(
            Collectors.groupingBy(
                r -> (r.apiGroup().isEmpty() ? "" : r.apiGroup() + "/") + r.resource(),
                TreeMap::new,
                Collectors.counting()));
  }
}
