package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.operator.baseline.ConditionTypes;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.TestTimings;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;

/**
 * What a repair costs in writes (issue 24): a burst of drift across many namespaces is written to
 * the baseline's status at most once per {@code statusWriteInterval}, and the last status written
 * holds every repair; a removed enforce label is put back with one Event naming everything
 * repaired.
 */
@LocalCluster(controllerManager = true)
class RepairWritesIT extends OperatorTestBase {

  private static final int NAMESPACES = 20;
  private static final String POLICY = "bulwark-default-deny";

  @Test
  void aBurstOfDriftAcrossTwentyNamespacesIsWrittenToStatusAtMostOncePerInterval()
      throws Exception {
    List<String> namespaces = new ArrayList<>();
    for (int i = 0; i < NAMESPACES; i++) {
      namespaces.add(namespace(Map.of()));
    }
    String name = "burst-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted}
        network: {defaultDeny: [Ingress, Egress], allowDNS: true}
        """);
    awaitStatus(
        name,
        sb -> {
          assertThat(sb.getStatus().namespaces.matched()).isEqualTo(NAMESPACES);
          assertThat(condition(sb, ConditionTypes.READY).getStatus()).isEqualTo("True");
        });
    Thread.sleep(TestTimings.settle().toMillis());
    long repairsBefore = get(name).getStatus().drift.repairs();

    // Every status write is a new resourceVersion of the baseline (nothing else writes it now).
    Map<String, Instant> writes = new ConcurrentSkipListMap<>();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    seen.add(get(name).getMetadata().getResourceVersion());
    Instant start = Instant.now();
    try (Watch watch =
        client
            .resources(SecurityBaseline.class)
            .withName(name)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, SecurityBaseline sb) {
                    String version = sb.getMetadata().getResourceVersion();
                    if (action == Action.MODIFIED && seen.add(version)) {
                      writes.put(version, Instant.now());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      // The burst: another writer adds an allow-all ingress rule to every namespace's policy.
      for (String ns : namespaces) {
        mergePatch(
            client.network().v1().networkPolicies().inNamespace(ns).withName(POLICY),
            "{\"spec\":{\"ingress\":[{}]}}");
      }
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                for (String ns : namespaces) {
                  NetworkPolicy policy =
                      client
                          .network()
                          .v1()
                          .networkPolicies()
                          .inNamespace(ns)
                          .withName(POLICY)
                          .get();
                  assertThat(policy.getSpec().getIngress()).as(ns).isNullOrEmpty();
                }
              });
      awaitStatus(
          name,
          sb -> {
            assertThat(sb.getStatus().drift.repairs()).isEqualTo(repairsBefore + NAMESPACES);
            assertThat(condition(sb, ConditionTypes.READY).getStatus()).isEqualTo("True");
            assertThat(condition(sb, ConditionTypes.COMPLIANT).getStatus()).isEqualTo("True");
          });
      // Let trailing writes (settle checks, a held write) land before counting.
      Thread.sleep(
          TestTimings.settle()
              .plus(TestTimings.current().statusWriteInterval().multipliedBy(3))
              .toMillis());
    }

    Duration interval = TestTimings.current().statusWriteInterval();
    Instant last = writes.values().stream().max(Instant::compareTo).orElse(start);
    long span = Duration.between(start, last).toMillis();
    long bound = (span + interval.toMillis() - 1) / interval.toMillis() + 1;
    System.out.printf(
        "%d repairs in %d namespaces: %d status writes over %d ms (interval %d ms, bound %d)%n",
        NAMESPACES, NAMESPACES, writes.size(), span, interval.toMillis(), bound);
    assertThat((long) writes.size())
        .as("status writes of %s over %d ms", name, span)
        .isBetween(1L, bound);
    assertThat(get(name).getStatus().drift.repairs()).isEqualTo(repairsBefore + NAMESPACES);
  }

  @Test
  void aRemovedEnforceLabelIsPutBackWithOneEventNamingEverythingRepaired() throws Exception {
    String ns = namespace(Map.of());
    String name = "label-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted}
        network: {defaultDeny: [Ingress]}
        """);
    awaitStatus(name, sb -> assertThat(condition(sb, "Ready").getStatus()).isEqualTo("True"));
    // The first enforcement tightened the namespace: one EnforcementTightened Event.
    await().atMost(CONVERGE).until(() -> !events(name, "EnforcementTightened").isEmpty());
    Thread.sleep(TestTimings.settle().toMillis());
    List<Event> before = bulwarkEvents(name);

    client
        .namespaces()
        .withName(ns)
        .edit(
            n -> {
              n.getMetadata().getLabels().remove("pod-security.kubernetes.io/enforce");
              return n;
            });
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                "restricted"
                    .equals(
                        client
                            .namespaces()
                            .withName(ns)
                            .get()
                            .getMetadata()
                            .getLabels()
                            .get("pod-security.kubernetes.io/enforce")));
    await().atMost(CONVERGE).until(() -> bulwarkEvents(name).size() > before.size());
    // Let a second Event, if any, arrive.
    Thread.sleep(TestTimings.settle().toMillis());

    List<Event> added = new ArrayList<>(bulwarkEvents(name));
    added.removeIf(
        e ->
            before.stream()
                .anyMatch(b -> b.getMetadata().getName().equals(e.getMetadata().getName())));
    assertThat(added).as("Events of one repair").hasSize(1);
    Event repaired = added.get(0);
    assertThat(repaired.getReason()).isEqualTo("DriftRepaired");
    assertThat(repaired.getMessage())
        .contains("set Pod Security labels restricted")
        .contains("namespace " + ns)
        .contains("enforcement tightened");
  }

  private List<Event> bulwarkEvents(String baseline) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> baseline.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
