package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.testing.Baselines;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the operator in-process for a test class; each test selects its namespaces by a label value
 * of its own, so baselines of one test never govern another's namespaces.
 */
abstract class OperatorTestBase {

  static final Duration CONVERGE = Duration.ofSeconds(60);

  static TestCluster cluster;
  static RunningOperator operator;
  static KubernetesClient client;

  /** Unique per test: the value of the {@code team} label its namespaces and baselines use. */
  String team;

  @BeforeAll
  static void startOperator(TestCluster testCluster) {
    cluster = testCluster;
    operator = RunningOperator.start(cluster);
    client = cluster.newClient();
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
    client.close();
  }

  @BeforeEach
  void newTeam() {
    team = "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void deleteBaselines() {
    client.resources(SecurityBaseline.class).withLabel("bulwark.dev/test", team).delete();
  }

  /** A namespace carrying this test's team label plus {@code labels}. */
  String namespace(Map<String, String> labels) {
    Map<String, String> all = new java.util.HashMap<>(labels);
    all.put("team", team);
    return cluster.createNamespace(all);
  }

  /** Creates a baseline from a YAML spec; {@code %s} in it becomes this test's team. */
  SecurityBaseline baseline(String name, String specYaml) {
    SecurityBaseline baseline = Baselines.fromYaml(name, specYaml.formatted(team));
    baseline.getMetadata().setLabels(Map.of("bulwark.dev/test", team));
    return client.resource(baseline).create();
  }

  SecurityBaseline get(String baseline) {
    return client.resources(SecurityBaseline.class).withName(baseline).get();
  }

  /** Waits until the baseline's status satisfies {@code assertions}. */
  void awaitStatus(String baseline, Consumer<SecurityBaseline> assertions) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              SecurityBaseline sb = get(baseline);
              assertThat(sb.getStatus()).as("status of " + baseline).isNotNull();
              assertions.accept(sb);
            });
  }

  static Condition condition(SecurityBaseline sb, String type) {
    return sb.getStatus().conditions.stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + type + " condition in " + sb.getStatus().conditions));
  }

  /**
   * Resource versions of each namespace and of everything Enforce mode writes in it, to prove that
   * nothing was written between two calls.
   */
  static List<String> ownedStateVersions(String... namespaces) {
    List<HasMetadata> objects = new java.util.ArrayList<>();
    for (String ns : namespaces) {
      objects.add(client.namespaces().withName(ns).get());
      objects.addAll(client.network().v1().networkPolicies().inNamespace(ns).list().getItems());
      objects.addAll(client.resourceQuotas().inNamespace(ns).list().getItems());
      objects.addAll(client.limitRanges().inNamespace(ns).list().getItems());
      objects.addAll(client.serviceAccounts().inNamespace(ns).list().getItems());
    }
    return versions(objects);
  }

  static List<String> versions(List<? extends HasMetadata> objects) {
    return objects.stream()
        .map(
            o ->
                o.getKind()
                    + "/"
                    + o.getMetadata().getNamespace()
                    + "/"
                    + o.getMetadata().getName()
                    + "@"
                    + o.getMetadata().getResourceVersion())
        .sorted()
        .toList();
  }

  /**
   * A JSON merge patch, as a user's `kubectl patch --type merge` would send: no resourceVersion, so
   * it never conflicts with the operator's own writes to the same object.
   */
  static void mergePatch(Resource<?> resource, String json) {
    resource.patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }

  /** Events recorded about {@code baseline} (cluster-scoped: they live in {@code default}). */
  List<Event> events(String baseline, String reason) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> baseline.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }
}
