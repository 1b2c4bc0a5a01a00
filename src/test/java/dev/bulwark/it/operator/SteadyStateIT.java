package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.operator.baseline.ConditionTypes;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.TestTimings;
import dev.bulwark.testing.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Once converged, an unchanging cluster sees no writes from the operator at all, for a window
 * longer than seven periods of every periodic timing ({@link TestTimings#quietWindow()}).
 */
@LocalCluster(controllerManager = true)
class SteadyStateIT extends OperatorTestBase {

  @Test
  void aQuietWindowAfterConvergenceSeesNothingWritten() throws InterruptedException {
    String first = namespace(Map.of());
    String second = namespace(Map.of());
    client.resource(Workloads.privileged(first, "insecure")).create();
    client.resource(Workloads.restricted(second, "secure")).create();
    String name = "steady-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted}
        network: {defaultDeny: [Ingress, Egress], allowDNS: true, allowSameNamespace: true}
        serviceAccounts: {automountToken: false}
        resources:
          quota: {hard: {requests.cpu: 1000m, requests.memory: 1Gi, pods: "10"}}
          limitRange: {default: {cpu: "0.5", memory: 512Mi}, defaultRequest: {cpu: 100m}}
        """);
    awaitStatus(
        name,
        sb -> {
          assertThat(sb.getStatus().namespaces.matched()).isEqualTo(2);
          assertThat(condition(sb, ConditionTypes.READY).getStatus()).isEqualTo("True");
        });
    Thread.sleep(TestTimings.settle().toMillis());
    List<String> before = versions(name, first, second);
    long eventsBefore = bulwarkEvents(name);

    Thread.sleep(TestTimings.quietWindow().toMillis());

    assertThat(versions(name, first, second)).isEqualTo(before);
    assertThat(bulwarkEvents(name)).isEqualTo(eventsBefore);
  }

  private long bulwarkEvents(String baseline) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> baseline.equals(e.getInvolvedObject().getName()))
        .count();
  }

  /** Resource versions of the baseline and of everything it owns or patches. */
  private List<String> versions(String baseline, String... namespaces) {
    List<String> all = new ArrayList<>(ownedStateVersions(namespaces));
    all.addAll(
        versions(List.of(client.resources(SecurityBaseline.class).withName(baseline).get())));
    return all;
  }
}
