package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.Workloads;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, behaviours 3 and 4: Ready=True for a new generation only once every governed namespace
 * carries it, and every namespace's enforcement warnings survive when many tighten at once.
 */
@LocalCluster
class RolloutIT extends OperatorTestBase {

  private static final String ENFORCE = "pod-security.kubernetes.io/enforce";

  /**
   * etcd gives every write one increasing revision, which the API server reports as
   * resourceVersion: comparing the status write's revision with each namespace's label write shows
   * which happened first, whatever order the two watches deliver them in.
   */
  @Test
  void noReaderSeesReadyForTheNewGenerationBeforeTheLastNamespaceIsLabelled() {
    List<String> namespaces = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      namespaces.add(namespace(Map.of()));
    }
    String name = "rollout-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted}
        network: {defaultDeny: []}
        """);
    awaitStatus(
        name,
        sb -> {
          assertThat(sb.getStatus().namespaces.matched()).isEqualTo(20);
          assertThat(condition(sb, "Ready").getStatus()).isEqualTo("True");
        });

    ConcurrentLinkedQueue<Namespace> namespaceEvents = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<SecurityBaseline> baselineEvents = new ConcurrentLinkedQueue<>();
    try (Watch nsWatch =
            client.namespaces().withLabel("team", team).watch(recorder(namespaceEvents));
        Watch sbWatch =
            client
                .resources(SecurityBaseline.class)
                .withName(name)
                .watch(recorder(baselineEvents))) {
      mergePatch(
          client.resources(SecurityBaseline.class).withName(name),
          "{\"spec\":{\"podSecurity\":{\"level\":\"baseline\"}}}");
      awaitStatus(
          name,
          sb -> {
            assertThat(sb.getStatus().observedGeneration).isEqualTo(2L);
            assertThat(condition(sb, "Ready").getStatus()).isEqualTo("True");
          });
      await()
          .atMost(CONVERGE)
          .until(
              () ->
                  baselineEvents.stream().anyMatch(RolloutIT::readyAtGenerationTwo)
                      && labelledAt(namespaceEvents).size() == 20);
    }

    Map<String, Long> labelled = labelledAt(namespaceEvents);
    long lastLabel = labelled.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long firstReady =
        baselineEvents.stream()
            .filter(RolloutIT::readyAtGenerationTwo)
            .mapToLong(sb -> Long.parseLong(sb.getMetadata().getResourceVersion()))
            .min()
            .orElseThrow();
    assertThat(firstReady)
        .as(
            "revision of the first status with Ready=True at generation 2 (%s) must follow the last"
                + " namespace label write (%s)",
            firstReady, labelled)
        .isGreaterThan(lastLabel);
    // Issue 26, item 2: no part of the status names generation 2 before every namespace applied
    // it, neither status.observedGeneration nor any condition but Invalid (about the spec itself).
    long firstNamingTwo =
        baselineEvents.stream()
            .filter(RolloutIT::namesGenerationTwo)
            .mapToLong(sb -> Long.parseLong(sb.getMetadata().getResourceVersion()))
            .min()
            .orElseThrow();
    assertThat(firstNamingTwo)
        .as(
            "revision of the first status naming generation 2 (%s) must follow the last namespace"
                + " label write (%s)",
            firstNamingTwo, labelled)
        .isGreaterThan(lastLabel);
  }

  private static boolean namesGenerationTwo(SecurityBaseline sb) {
    return sb.getStatus() != null
        && (Long.valueOf(2).equals(sb.getStatus().observedGeneration)
            || sb.getStatus().conditions.stream()
                .anyMatch(
                    c ->
                        !"Invalid".equals(c.getType())
                            && Long.valueOf(2).equals(c.getObservedGeneration())));
  }

  @Test
  void everyNamespacesWarningsSurviveWhenManyTightenAtOnce() {
    List<String> namespaces = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String ns = namespace(Map.of(ENFORCE, "privileged"));
      namespaces.add(ns);
      client.pods().inNamespace(ns).resource(Workloads.privilegedPod("priv-" + ns)).create();
    }
    String name = "warnings-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted}
        network: {defaultDeny: []}
        """);

    // Read as plain JSON: the test speaks of what a user sees, whatever the Java model says.
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              GenericKubernetesResource raw =
                  client
                      .genericKubernetesResources(SecurityBaseline.API_VERSION, "SecurityBaseline")
                      .withName(name)
                      .get();
              String warnings =
                  Serialization.asJson(
                      ((Map<?, ?>) raw.getAdditionalProperties().getOrDefault("status", Map.of()))
                          .get("enforcementWarnings"));
              for (String ns : namespaces) {
                assertThat(warnings).as("warnings in the status").contains("priv-" + ns);
              }
            });
  }

  private static boolean readyAtGenerationTwo(SecurityBaseline sb) {
    return sb.getStatus() != null
        && Long.valueOf(2).equals(sb.getStatus().observedGeneration)
        && sb.getStatus().conditions.stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Per namespace, the revision at which its enforce label first read "baseline". */
  private static Map<String, Long> labelledAt(ConcurrentLinkedQueue<Namespace> events) {
    Map<String, Long> labelled = new HashMap<>();
    for (Namespace ns : events) {
      Map<String, String> labels = ns.getMetadata().getLabels();
      if (labels != null && "baseline".equals(labels.get(ENFORCE))) {
        labelled.merge(
            ns.getMetadata().getName(),
            Long.parseLong(ns.getMetadata().getResourceVersion()),
            Math::min);
      }
    }
    return labelled;
  }

  private static <T> Watcher<T> recorder(ConcurrentLinkedQueue<T> events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        events.add(resource);
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
