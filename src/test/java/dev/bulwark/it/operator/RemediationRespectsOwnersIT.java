package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.operator.defaults.WorkloadRemediator;
import dev.bulwark.testing.AuditLog;
import dev.bulwark.testing.BaselineJson;
import dev.bulwark.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, item 3: workload remediation respects the baseline and other owners. An excepted check
 * is not remediated; templates another controller owns are left alone and listed; writes for a
 * newly enabled generation wait for the complete preview of that generation; a write the API server
 * refuses (here: by Bulwark's own admission policy) sets a condition and one Event naming the
 * workload and the message, and is retried with backoff, not left pending forever.
 *
 * <p>No kube-controller-manager: objects owned by controllers that do not exist are not collected.
 */
@LocalCluster
class RemediationRespectsOwnersIT extends OperatorTestBase {

  private void create(String yaml) {
    client.resource(Serialization.unmarshal(yaml, HasMetadata.class)).create();
  }

  private void deployment(String ns, String name) {
    create(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %2$s, namespace: %1$s, labels: {app: %2$s}}
        spec:
          selector: {matchLabels: {app: %2$s}}
          template:
            metadata: {labels: {app: %2$s}}
            spec: {containers: [{name: app, image: busybox}]}
        """
            .formatted(ns, name));
  }

  private PodSpec template(String kind, String ns, String name) {
    GenericKubernetesResource object =
        client.genericKubernetesResources("apps/v1", kind).inNamespace(ns).withName(name).get();
    HasMetadata typed = Serialization.unmarshal(Serialization.asJson(object), HasMetadata.class);
    return dev.bulwark.policy.WorkloadPods.extract(typed).orElseThrow().spec();
  }

  private static boolean remediatedBy(String kind, String ns, String name) {
    return client
        .genericKubernetesResources("apps/v1", kind)
        .inNamespace(ns)
        .withName(name)
        .get()
        .getMetadata()
        .getManagedFields()
        .stream()
        .anyMatch(f -> WorkloadRemediator.FIELD_MANAGER.equals(f.getManager()));
  }

  @Test
  void aCheckAnExceptionCoversIsNotRemediated() {
    String ns = namespace(Map.of());
    deployment(ns, "legacy");
    deployment(ns, "web");
    String name = "except-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: baseline}
        defaults: {remediateWorkloads: true, runAsNonRoot: true}
        exceptions:
        - checks: [runAsNonRoot]
          selector: {matchLabels: {app: legacy}}
          reason: the image runs as root, JIRA-7
        """);

    await()
        .atMost(CONVERGE)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(template("Deployment", ns, "web").getSecurityContext().getRunAsNonRoot())
                  .isTrue();
              assertThat(
                      template("Deployment", ns, "legacy")
                          .getSecurityContext()
                          .getSeccompProfile()
                          .getType())
                  .as("legacy gets the settings its exception does not cover")
                  .isEqualTo("RuntimeDefault");
            });
    assertThat(template("Deployment", ns, "legacy").getSecurityContext().getRunAsNonRoot())
        .as("runAsNonRoot, which the exception covers for app=legacy")
        .isNull();
  }

  @Test
  void templatesAnotherControllerOwnsAreLeftAloneAndListed() {
    String ns = namespace(Map.of());
    deployment(ns, "web");
    create(
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
          namespace: %s
          ownerReferences:
          - {apiVersion: example.com/v1, kind: Database, name: pg, uid: 3f0c5a4e-0000-4000-8000-000000000001, controller: true}
        spec:
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec: {containers: [{name: db, image: postgres:17}]}
        """
            .formatted(ns));
    create(
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: shop-7d9f
          namespace: %s
          ownerReferences:
          - {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: shop, uid: 3f0c5a4e-0000-4000-8000-000000000002, controller: true}
        spec:
          selector: {matchLabels: {app: shop}}
          template:
            metadata: {labels: {app: shop}}
            spec: {containers: [{name: app, image: busybox}]}
        """
            .formatted(ns));
    String name = "owners-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: privileged}
        defaults: {remediateWorkloads: true}
        """);

    await().atMost(CONVERGE).ignoreExceptions().until(() -> remediatedBy("Deployment", ns, "web"));
    awaitStatus(
        name,
        sb -> {
          assertThat(sb.getStatus().remediation.preview)
              .contains(
                  "StatefulSet " + ns + "/db: not patched, controlled by Database pg",
                  "ReplicaSet " + ns + "/shop-7d9f: not patched, controlled by Rollout shop");
        });
    assertThat(remediatedBy("StatefulSet", ns, "db")).as("the operator's StatefulSet").isFalse();
    assertThat(remediatedBy("ReplicaSet", ns, "shop-7d9f"))
        .as("the Rollout's ReplicaSet")
        .isFalse();
  }

  @Test
  void writesForANewlyEnabledGenerationWaitForTheCompletePreviewOfThatGeneration()
      throws Exception {
    List<String> namespaces = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String ns = namespace(Map.of());
      deployment(ns, "web");
      namespaces.add(ns);
    }
    String name = "enable-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: privileged}
        """);
    awaitStatus(
        name,
        sb -> {
          assertThat(condition(sb, "Ready").getStatus()).isEqualTo("True");
          assertThat(sb.getStatus().namespaces.matched()).isEqualTo(8);
        });

    record Seen(Long previewedGeneration, List<String> preview) {}
    List<Seen> seen = new CopyOnWriteArrayList<>();
    try (Watch watch =
        BaselineJson.resource(client, name)
            .watch(
                new Watcher<>() {
                  @Override
                  @SuppressWarnings("unchecked")
                  public void eventReceived(Action action, GenericKubernetesResource resource) {
                    Object status = resource.getAdditionalProperties().get("status");
                    if (status instanceof Map<?, ?> map
                        && BaselineJson.at((Map<String, Object>) map, "remediation")
                            instanceof Map<?, ?>) {
                      Object generation =
                          BaselineJson.at(
                              (Map<String, Object>) map, "remediation", "previewedGeneration");
                      seen.add(
                          new Seen(
                              generation == null ? null : ((Number) generation).longValue(),
                              BaselineJson.strings(
                                  (Map<String, Object>) map, "remediation", "preview")));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      mergePatch(
          BaselineJson.resource(client, name),
          "{\"spec\":{\"defaults\":{\"remediateWorkloads\":true}}}");
      await()
          .atMost(CONVERGE)
          .ignoreExceptions()
          .until(() -> namespaces.stream().allMatch(ns -> remediatedBy("Deployment", ns, "web")));
    }

    Seen first =
        seen.stream()
            .filter(s -> Long.valueOf(2).equals(s.previewedGeneration()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no status previewed generation 2: " + seen));
    assertThat(first.preview())
        .as("the first status calling generation 2 previewed: every namespace's workload")
        .hasSize(8)
        .allSatisfy(line -> assertThat(line).contains("/web: securityContext.seccompProfile"));
  }

  @Test
  void aWriteRefusedByBulwarksOwnPolicyIsReportedOnceAndRetriedWithBackoff() {
    String ns = namespace(Map.of());
    deployment(ns, "web");
    String name = "refused-" + team;
    BaselineJson.create(
        client,
        name,
        team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: privileged}
        resources: {requireRequestsAndLimits: true}
        admission: {gracePeriodSeconds: 0}
        """
            .formatted(team));
    Pod unsized =
        new PodBuilder()
            .withNewMetadata()
            .withName("probe")
            .withNamespace(ns)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .build();
    await()
        .atMost(CONVERGE)
        .until(
            () -> {
              try {
                client.resource(unsized).dryRun().create();
                return false;
              } catch (KubernetesClientException e) {
                return true;
              }
            });

    Instant enabled = Instant.now();
    mergePatch(
        BaselineJson.resource(client, name),
        "{\"spec\":{\"defaults\":{\"remediateWorkloads\":true}}}");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              Map<String, Object> refused =
                  BaselineJson.condition(BaselineJson.status(client, name), "RemediationRefused");
              assertThat(refused.get("status")).isEqualTo("True");
              assertThat(refused.get("reason")).isEqualTo("WriteRefused");
              assertThat((String) refused.get("message"))
                  .contains("Deployment " + ns + "/web")
                  .contains("bulwark-" + name + "-resource");
            });
    Map<String, Object> status = BaselineJson.status(client, name);
    assertThat(BaselineJson.strings(status, "remediation", "refused"))
        .singleElement()
        .asString()
        .startsWith("Deployment " + ns + "/web: ");
    assertThat(BaselineJson.strings(status, "remediation", "preview"))
        .as("a refused workload is not pending")
        .isEmpty();

    // Retried: at growing intervals, not once per reconcile and not never.
    await().atMost(CONVERGE).until(() -> operatorPatches(ns, "web", enabled).size() >= 4);
    List<Instant> attempts =
        operatorPatches(ns, "web", enabled).stream().map(AuditLog.Request::completed).toList();
    Duration firstGap = Duration.between(attempts.get(0), attempts.get(1));
    Duration laterGap = Duration.between(attempts.get(2), attempts.get(3));
    System.out.printf("Refused remediation attempts at %s%n", attempts);
    assertThat(laterGap).as("the retries back off").isGreaterThan(firstGap);
    List<Event> events = events(name, "RemediationRefused");
    assertThat(events).as("one Event series").hasSize(1);
    assertThat(events.get(0).getCount()).as("recorded once").isIn(null, 1);
    assertThat(events.get(0).getMessage()).contains("Deployment " + ns + "/web");

    // The owner gives the template resources: the next attempt goes through at once.
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("web")
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE),
            """
        {"spec":{"template":{"spec":{"containers":[{"name":"app","resources":{
              "limits":{"cpu":"10m","memory":"16Mi","ephemeral-storage":"64Mi"}}}]}}}}
            """);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(remediatedBy("Deployment", ns, "web")).isTrue();
              assertThat(
                      BaselineJson.condition(
                              BaselineJson.status(client, name), "RemediationRefused")
                          .get("status"))
                  .isEqualTo("False");
            });
  }

  /** Patches of {@code ns/name} Deployment by the operator since {@code since}, refused or not. */
  private static List<AuditLog.Request> operatorPatches(String ns, String name, Instant since) {
    return AuditLog.read(cluster.plane().auditLog()).stream()
        .filter(r -> "patch".equals(r.verb()))
        .filter(r -> "deployments".equals(r.resource()))
        .filter(r -> ns.equals(r.namespace()) && name.equals(r.name()))
        .filter(r -> r.code() >= 400)
        .filter(r -> r.completed().isAfter(since))
        .toList();
  }
}
