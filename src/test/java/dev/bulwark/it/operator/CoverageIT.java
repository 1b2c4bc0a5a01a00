package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.Violation;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RefusingPolicy;
import dev.bulwark.testing.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, behaviours 1, 3 and 5: every workload audited once (ReplicationControllers and pods of
 * controllers Bulwark does not audit included), additive drift by another field manager undone
 * exactly, and a write the API server refuses reported and retried. (Owners of an unknown kind are
 * left alone by the garbage collector, so the third-party pod stays even where it runs.)
 */
@LocalCluster
class CoverageIT extends OperatorTestBase {

  @Test
  void everyWorkloadIsAuditedOnce() {
    String ns = namespace(Map.of());
    PodSpec privileged = Workloads.privileged(ns, "x").getSpec().getTemplate().getSpec();
    client
        .resource(
            new ReplicationControllerBuilder()
                .withNewMetadata()
                .withName("legacy-rc")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", "legacy"))
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", "legacy"))
                .endMetadata()
                .withSpec(privileged)
                .endTemplate()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            pod(
                ns,
                "operand-0",
                privileged,
                owner("postgresql.cnpg.io/v1", "Cluster", "db", UUID.randomUUID().toString())))
        .create();
    Deployment deployment = client.resource(Workloads.privileged(ns, "web")).create();
    ReplicaSet replicaSet =
        client
            .resource(
                new ReplicaSetBuilder()
                    .withNewMetadata()
                    .withName("web-1")
                    .withNamespace(ns)
                    .withOwnerReferences(owner(deployment))
                    .endMetadata()
                    .withSpec(
                        new io.fabric8.kubernetes.api.model.apps.ReplicaSetSpecBuilder()
                            .withSelector(deployment.getSpec().getSelector())
                            .withTemplate(deployment.getSpec().getTemplate())
                            .build())
                    .build())
            .create();
    client.resource(pod(ns, "web-1-abc", privileged, owner(replicaSet))).create();

    String name = "coverage-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        mode: Audit
        podSecurity: {level: baseline}
        """);

    awaitStatus(
        name,
        sb ->
            assertThat(sb.getStatus().violations.top())
                .extracting(Violation::kind, Violation::name)
                .containsOnly(
                    tuple("ReplicationController", "legacy-rc"),
                    tuple("Pod", "operand-0"),
                    tuple("Deployment", "web")));
  }

  @Test
  void additiveDriftByAnotherManagerIsUndoneExactly() {
    String ns = namespace(Map.of());
    String name = "additive-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: baseline}
        network: {defaultDeny: [Ingress, Egress]}
        resources:
          quota: {hard: {pods: "10"}}
          limitRange: {default: {cpu: 500m}}
        """);
    awaitStatus(name, sb -> assertThat(condition(sb, "Ready").getStatus()).isEqualTo("True"));
    NetworkPolicy denyBefore = networkPolicy(ns, "bulwark-default-deny");
    NetworkPolicy dnsBefore = networkPolicy(ns, "bulwark-allow-dns");
    var quotaBefore = client.resourceQuotas().inNamespace(ns).withName("bulwark-quota").get();
    var limitsBefore = client.limitRanges().inNamespace(ns).withName("bulwark-limits").get();

    PatchContext intruder =
        new PatchContext.Builder()
            .withPatchType(PatchType.JSON_MERGE)
            .withFieldManager("intruder")
            .build();
    client
        .network()
        .networkPolicies()
        .inNamespace(ns)
        .withName("bulwark-default-deny")
        .patch(intruder, "{\"spec\":{\"ingress\":[{}]}}");
    client
        .network()
        .networkPolicies()
        .inNamespace(ns)
        .withName("bulwark-allow-dns")
        .patch(intruder, "{\"spec\":{\"podSelector\":{\"matchLabels\":{\"app\":\"only-me\"}}}}");
    client
        .resourceQuotas()
        .inNamespace(ns)
        .withName("bulwark-quota")
        .patch(intruder, "{\"spec\":{\"hard\":{\"services\":\"5\"}}}");
    var limits = client.limitRanges().inNamespace(ns).withName("bulwark-limits").get();
    limits
        .getSpec()
        .getLimits()
        .add(
            new io.fabric8.kubernetes.api.model.LimitRangeItemBuilder()
                .withType("Pod")
                .addToMax("cpu", new io.fabric8.kubernetes.api.model.Quantity("2"))
                .build());
    client
        .limitRanges()
        .inNamespace(ns)
        .withName("bulwark-limits")
        .patch(intruder, Serialization.asJson(Map.of("spec", limits.getSpec())));

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(networkPolicy(ns, "bulwark-default-deny").getSpec())
                  .isEqualTo(denyBefore.getSpec());
              assertThat(networkPolicy(ns, "bulwark-allow-dns").getSpec())
                  .isEqualTo(dnsBefore.getSpec());
              assertThat(
                      client
                          .resourceQuotas()
                          .inNamespace(ns)
                          .withName("bulwark-quota")
                          .get()
                          .getSpec()
                          .getHard())
                  .isEqualTo(quotaBefore.getSpec().getHard());
              assertThat(
                      client
                          .limitRanges()
                          .inNamespace(ns)
                          .withName("bulwark-limits")
                          .get()
                          .getSpec())
                  .isEqualTo(limitsBefore.getSpec());
            });
    awaitStatus(name, sb -> assertThat(condition(sb, "Ready").getStatus()).isEqualTo("True"));
    // A repair changes no condition, and status writes are paced: the status counts every repair
    // above once it shows a change made after them (the namespace's reconciles run one at a time).
    client.resource(Workloads.privileged(ns, "marker")).create();
    awaitStatus(
        name,
        sb ->
            assertThat(sb.getStatus().violations.top())
                .extracting(Violation::name)
                .contains("marker"));
    List<String> settled = ownedStateVersions(ns);
    long repairs = get(name).getStatus().drift.repairs();

    // A later change the namespace's reconcile must see: nothing owned is written again.
    client.resource(Workloads.privileged(ns, "later")).create();
    awaitStatus(
        name,
        sb ->
            assertThat(sb.getStatus().violations.top())
                .extracting(Violation::name)
                .contains("later"));
    assertThat(ownedStateVersions(ns)).isEqualTo(settled);
    assertThat(get(name).getStatus().drift.repairs()).isEqualTo(repairs);
  }

  @Test
  void aRefusedWriteIsReportedAndRetried() {
    String ns = namespace(Map.of());
    RefusingPolicy refusing =
        RefusingPolicy.create(
            client,
            "refuse-netpol-" + team,
            "networking.k8s.io",
            "networkpolicies",
            "[CREATE, UPDATE]",
            "request.namespace != '%s'".formatted(ns),
            "test: the network team owns NetworkPolicies here",
            () -> refused(ns));
    try {
      String name = "refused-" + team;
      baseline(
          name,
          """
          namespaceSelector: {matchLabels: {team: %s}}
          network: {defaultDeny: [Ingress]}
          """);
      awaitStatus(
          name,
          sb -> {
            assertThat(condition(sb, "Ready").getStatus()).isEqualTo("False");
            assertThat(condition(sb, "Ready").getMessage())
                .contains(ns)
                .contains("NetworkPolicy")
                .contains("test: the network team owns NetworkPolicies here");
          });
      await()
          .atMost(CONVERGE)
          .untilAsserted(() -> assertThat(events(name, "WriteRefused")).hasSize(1));
    } finally {
      refusing.close();
    }
    awaitStatus(
        "refused-" + team, sb -> assertThat(condition(sb, "Ready").getStatus()).isEqualTo("True"));
    assertThat(networkPolicy(ns, "bulwark-default-deny")).isNotNull();
  }

  /** Whether creating a NetworkPolicy in {@code ns} is refused now (a dry run). */
  private boolean refused(String ns) {
    try {
      client
          .network()
          .networkPolicies()
          .inNamespace(ns)
          .resource(
              Serialization.unmarshal(
                  "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\","
                      + "\"metadata\":{\"name\":\"probe\"},\"spec\":{\"podSelector\":{}}}",
                  NetworkPolicy.class))
          .dryRun()
          .create();
      return false;
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      return true;
    }
  }

  private NetworkPolicy networkPolicy(String ns, String name) {
    return client.network().networkPolicies().inNamespace(ns).withName(name).get();
  }

  private static Pod pod(String ns, String name, PodSpec spec, OwnerReference owner) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withOwnerReferences(owner)
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  private static OwnerReference owner(HasMetadata owner) {
    return owner(
        owner.getApiVersion(),
        owner.getKind(),
        owner.getMetadata().getName(),
        owner.getMetadata().getUid());
  }

  private static OwnerReference owner(String apiVersion, String kind, String name, String uid) {
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withName(name)
        .withUid(uid)
        .withController(true)
        .build();
  }
}
