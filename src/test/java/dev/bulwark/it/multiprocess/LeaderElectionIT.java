package dev.bulwark.it.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.testing.AuditLog;
import dev.bulwark.testing.Baselines;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.OperatorProcess;
import dev.bulwark.testing.RefusingPolicy;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, behaviour 7: two replicas with leader election, each a JVM of its own. A leader whose
 * first sealing-key write is refused still reconciles (the key follows once the refusal is lifted);
 * after the leader's SIGKILL the standby takes the Lease and reconciles; and the API server's audit
 * log shows that the two never wrote in the same period.
 */
@LocalCluster
class LeaderElectionIT {

  private static final String ENFORCE = "pod-security.kubernetes.io/enforce";

  @Test
  void standbyTakesOverAfterTheLeadersKillAndTheyNeverWriteTogether(
      TestCluster cluster, @TempDir Path dir) throws Exception {
    RunningOperator.installCrds(cluster);
    String team = "le" + UUID.randomUUID().toString().substring(0, 8);
    String operatorNs = "bulwark-" + team;
    String baseline = "leader-" + team;
    try (KubernetesClient client = cluster.newClient()) {
      cluster.kubectl("create", "namespace", operatorNs);
      RefusingPolicy refusing =
          RefusingPolicy.create(
              client,
              "refuse-secrets-" + team,
              "",
              "secrets",
              "[CREATE, UPDATE]",
              "request.namespace != '%s'".formatted(operatorNs),
              "test: Secrets in the operator's namespace are refused for now",
              () -> refused(client, operatorNs));
      String first = cluster.createNamespace(Map.of("team", team));
      client
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

      try (OperatorProcess a =
              OperatorProcess.start(cluster, dir, operatorNs, "replica-a", "--leader-election");
          OperatorProcess b =
              OperatorProcess.start(cluster, dir, operatorNs, "replica-b", "--leader-election")) {
        String leader = awaitLeader(client, operatorNs, a, b);
        OperatorProcess active = leader.equals(a.identity()) ? a : b;
        OperatorProcess standby = active == a ? b : a;

        // The leader reconciles although its sealing-key write is refused.
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  assertThat(active.isAlive()).as(active.output()).isTrue();
                  assertThat(labels(client, first)).containsEntry(ENFORCE, "restricted");
                });
        assertThat(certificate(client, operatorNs)).isEmpty();
        refusing.close();
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(certificate(client, operatorNs)).isPresent());

        Instant killed = Instant.now();
        active.kill();
        String second = cluster.createNamespace(Map.of("team", team));
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(
                () -> assertThat(holder(client, operatorNs)).contains(standby.identity()));
        Instant tookLease = Instant.now();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(
                () -> {
                  assertThat(standby.isAlive()).as(standby.output()).isTrue();
                  assertThat(labels(client, second)).containsEntry(ENFORCE, "restricted");
                });
        Instant reconciled = Instant.now();
        System.out.printf(
            "failover: Lease taken %d ms and new namespace enforced %d ms after the leader's"
                + " SIGKILL%n",
            Duration.between(killed, tookLease).toMillis(),
            Duration.between(killed, reconciled).toMillis());

        List<AuditLog.Request> writes =
            AuditLog.read(cluster.plane().auditLog()).stream()
                .filter(AuditLog.Request::write)
                .filter(r -> !"coordination.k8s.io".equals(r.apiGroup()))
                .filter(r -> !"selfsubjectrulesreviews".equals(r.resource()))
                // Each replica asks who it is at start (the owned-object guard's operator user).
                .filter(r -> !"selfsubjectreviews".equals(r.resource()))
                .toList();
        Instant lastByFirst = last(writes, OperatorProcess.username(operatorNs, active.identity()));
        Instant firstBySecond =
            writes.stream()
                .filter(
                    r ->
                        r.username()
                            .equals(OperatorProcess.username(operatorNs, standby.identity())))
                .map(AuditLog.Request::completed)
                .min(Instant::compareTo)
                .orElseThrow(() -> new AssertionError("the new leader wrote nothing"));
        assertThat(lastByFirst).as("last write by the first leader").isNotNull();
        assertThat(firstBySecond)
            .as("the new leader's first write comes after the old leader's last")
            .isAfter(lastByFirst);
      }
    } finally {
      try (KubernetesClient client = cluster.newClient()) {
        client.resources(SecurityBaseline.class).withName(baseline).delete();
      }
    }
  }

  private static Instant last(List<AuditLog.Request> writes, String username) {
    return writes.stream()
        .filter(r -> r.username().equals(username))
        .map(AuditLog.Request::completed)
        .max(Instant::compareTo)
        .orElse(null);
  }

  private static String awaitLeader(
      KubernetesClient client, String ns, OperatorProcess a, OperatorProcess b) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              assertThat(a.isAlive()).as(a.output()).isTrue();
              assertThat(b.isAlive()).as(b.output()).isTrue();
              return holder(client, ns).orElse(null);
            },
            h -> h != null);
  }

  private static Optional<String> holder(KubernetesClient client, String ns) {
    Lease lease = client.leases().inNamespace(ns).withName("bulwark-leader").get();
    return Optional.ofNullable(lease).map(l -> l.getSpec().getHolderIdentity());
  }

  private static Optional<String> certificate(KubernetesClient client, String ns) {
    return Optional.ofNullable(
            client.configMaps().inNamespace(ns).withName("bulwark-sealing-certificate").get())
        .map(cm -> cm.getData() == null ? null : cm.getData().get("cert.pem"));
  }

  private static Map<String, String> labels(KubernetesClient client, String ns) {
    Map<String, String> labels = client.namespaces().withName(ns).get().getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  /** Whether creating a Secret in {@code ns} is refused now (a dry run). */
  private static boolean refused(KubernetesClient client, String ns) {
    try {
      client
          .secrets()
          .inNamespace(ns)
          .resource(
              new io.fabric8.kubernetes.api.model.SecretBuilder()
                  .withNewMetadata()
                  .withName("probe")
                  .endMetadata()
                  .build())
          .dryRun()
          .create();
      return false;
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      return e.getCode() == 422 || e.getCode() == 403;
    }
  }
}
