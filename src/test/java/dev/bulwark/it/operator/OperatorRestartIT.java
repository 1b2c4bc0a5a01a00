package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.testing.Baselines;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import dev.bulwark.testing.Workloads;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, behaviour 2: across a restart of the operator a baseline's status never moves backwards.
 * The only status write after the restart is the one a change made while the operator was down
 * calls for; counts, conditions and their transition times, drift repairs and enforcement warnings
 * carry over, and no Conflict or EnforcementTightened Event repeats.
 *
 * <p>{@code -Dbulwark.restart.namespaces=N} sets the number of governed namespaces (default 20).
 */
@LocalCluster
class OperatorRestartIT {

  private static final int NAMESPACES = Integer.getInteger("bulwark.restart.namespaces", 20);
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final String ENFORCE = "pod-security.kubernetes.io/enforce";

  @Test
  void statusCarriesOverARestartUnchanged(TestCluster cluster) throws Exception {
    RunningOperator.installCrds(cluster);
    String team = "r" + UUID.randomUUID().toString().substring(0, 8);
    String main = "restart-" + team;
    String loser = "restart-low-" + team;
    try (KubernetesClient client = cluster.newClient()) {
      List<String> namespaces = new ArrayList<>();
      for (int i = 0; i < NAMESPACES; i++) {
        String ns = cluster.createNamespace(Map.of("team", team, ENFORCE, "privileged"));
        namespaces.add(ns);
        if (i < 3) {
          client.pods().inNamespace(ns).resource(Workloads.privilegedPod("priv-" + ns)).create();
        }
      }
      create(
          client,
          main,
          """
          namespaceSelector: {matchLabels: {team: %s}}
          priority: 10
          podSecurity: {level: restricted}
          network: {defaultDeny: [Ingress]}
          """
              .formatted(team));
      create(
          client,
          loser,
          """
          namespaceSelector: {matchLabels: {team: %s}}
          mode: Audit
          """
              .formatted(team));

      RunningOperator first = RunningOperator.start(cluster);
      Map<String, Object> before;
      Map<String, Object> loserBefore;
      try {
        awaitStatus(
            client,
            main,
            status ->
                assertThat(status)
                    .extractingByKey("namespaces")
                    .asString()
                    .contains("matched=" + NAMESPACES));
        awaitReady(client, main);
        // One drift repair, so there is a count to carry over.
        client
            .network()
            .networkPolicies()
            .inNamespace(namespaces.get(0))
            .withName("bulwark-default-deny")
            .delete();
        awaitStatus(
            client,
            main,
            status -> assertThat(status).extractingByKey("drift").asString().contains("repairs=1"));
        awaitReady(client, main);
        awaitStatus(
            client,
            loser,
            status ->
                assertThat(status)
                    .extractingByKey("conditions")
                    .asString()
                    .contains("LowerPriority"));
      } finally {
        first.close();
      }
      before = status(client, main);
      loserBefore = status(client, loser);
      long conflictEvents = events(client, loser, "Conflict");
      long tightenedEvents = events(client, main, "EnforcementTightened");
      assertThat(tightenedEvents).isEqualTo(NAMESPACES);

      // A change while the operator is down, which the next status must show: the proof that the
      // new operator had its chance to write whatever it would write.
      client.resource(Workloads.privileged(namespaces.get(NAMESPACES - 1), "while-down")).create();
      ConcurrentLinkedQueue<Map<String, Object>> mainWrites = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Map<String, Object>> loserWrites = new ConcurrentLinkedQueue<>();
      RunningOperator second;
      try (Watch watch =
          client
              .genericKubernetesResources(SecurityBaseline.API_VERSION, "SecurityBaseline")
              .watch(
                  new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource resource) {
                      if (action == Action.MODIFIED) {
                        String name = resource.getMetadata().getName();
                        if (name.equals(main)) {
                          mainWrites.add(statusOf(resource));
                        } else if (name.equals(loser)) {
                          loserWrites.add(statusOf(resource));
                        }
                      }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                  })) {
        second = RunningOperator.start(cluster);
        try {
          awaitStatus(
              client,
              main,
              status ->
                  assertThat(status)
                      .extractingByKey("violations")
                      .asString()
                      .contains("while-down"));
          awaitReady(client, main);
        } finally {
          second.close();
        }
      }

      assertThat(mainWrites)
          .as("status writes after the restart (only the one the new pod calls for)")
          .hasSize(1);
      Map<String, Object> after = mainWrites.peek();
      assertThat(withoutViolations(after)).isEqualTo(withoutViolations(before));
      assertThat(loserWrites).as("writes to an unchanged baseline's status").isEmpty();
      assertThat(status(client, loser)).isEqualTo(loserBefore);
      assertThat(events(client, loser, "Conflict")).isEqualTo(conflictEvents);
      assertThat(events(client, main, "EnforcementTightened")).isEqualTo(tightenedEvents);
    } finally {
      try (KubernetesClient client = cluster.newClient()) {
        client.resources(SecurityBaseline.class).withName(main).delete();
        client.resources(SecurityBaseline.class).withName(loser).delete();
      }
    }
  }

  /** The status without what the pod created while down changes (counts and messages of it). */
  private static Map<String, Object> withoutViolations(Map<String, Object> status) {
    Map<String, Object> copy = new HashMap<>(status);
    copy.remove("violations");
    copy.remove("namespaces");
    List<Map<String, Object>> conditions = new ArrayList<>();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> original = (List<Map<String, Object>>) status.get("conditions");
    for (Map<String, Object> condition : original) {
      Map<String, Object> c = new HashMap<>(condition);
      if ("Compliant".equals(c.get("type"))) {
        c.remove("message");
      }
      conditions.add(c);
    }
    copy.put("conditions", conditions);
    return copy;
  }

  private static void create(KubernetesClient client, String name, String spec) {
    SecurityBaseline baseline = Baselines.fromYaml(name, spec);
    client.resource(baseline).create();
  }

  private static void awaitReady(KubernetesClient client, String name) {
    awaitStatus(
        client,
        name,
        status -> {
          @SuppressWarnings("unchecked")
          List<Map<String, Object>> conditions =
              (List<Map<String, Object>>) status.getOrDefault("conditions", List.of());
          assertThat(conditions)
              .anySatisfy(
                  c -> {
                    assertThat(c).containsEntry("type", "Ready");
                    assertThat(c).containsEntry("status", "True");
                  });
        });
  }

  private static void awaitStatus(
      KubernetesClient client,
      String name,
      java.util.function.Consumer<Map<String, Object>> assertions) {
    await().atMost(CONVERGE).untilAsserted(() -> assertions.accept(status(client, name)));
  }

  private static Map<String, Object> status(KubernetesClient client, String name) {
    return statusOf(
        client
            .genericKubernetesResources(SecurityBaseline.API_VERSION, "SecurityBaseline")
            .withName(name)
            .get());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> statusOf(GenericKubernetesResource resource) {
    return (Map<String, Object>)
        resource.getAdditionalProperties().getOrDefault("status", Map.of());
  }

  private static long events(KubernetesClient client, String baseline, String reason) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> baseline.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .count();
  }
}
