package dev.bulwark.operator.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.operator.informers.SpecOrLabelsChanged;
import dev.bulwark.policy.PodContent;
import dev.bulwark.policy.PodContents;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issues 12 and 20: the workload caches keep only what the audit reads. */
class SlimWorkloadsTest {

  @Test
  void aPodIsStoredWithItsMetadataAndOnlyTheContentTheChecksRead() {
    SlimWorkloads<Pod> store = new SlimWorkloads<>(Pod.class);
    store.put("ns/web-1-abc", pod("web-1-abc", owner("apps/v1", "ReplicaSet", true)));

    Pod cached = store.get("ns/web-1-abc");
    assertThat(cached.getSpec()).isInstanceOf(PodContent.class);
    assertThat(cached.getSpec().getContainers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getImage()).isEqualTo("nginx");
              assertThat(c.getEnv()).as("env is not read by any check").isNull();
            });
    assertThat(cached.getStatus()).isNull();
    assertThat(cached.getMetadata().getManagedFields()).isEmpty();
    assertThat(cached.getMetadata().getAnnotations())
        .as("only the annotations the checks read")
        .containsOnlyKeys("container.apparmor.security.beta.kubernetes.io/main");
    assertThat(cached.getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(cached.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getKind()).isEqualTo("ReplicaSet");
              assertThat(ref.getName()).isEqualTo("owner");
              assertThat(ref.getUid()).isEqualTo("uid-1");
              assertThat(ref.getController()).isTrue();
            });
    assertThat(cached.getMetadata().getName()).isEqualTo("web-1-abc");
    assertThat(cached.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(cached.getMetadata().getFinalizers()).isEmpty();
    assertThat(SlimWorkloads.isStub(cached)).isFalse();
  }

  @Test
  void aPodWithoutAnnotationsOrLabelsHasEmptyMapsNotNull() {
    SlimWorkloads<Pod> store = new SlimWorkloads<>(Pod.class);
    Pod plain = pod("plain", null);
    plain.getMetadata().setAnnotations(null);
    plain.getMetadata().setLabels(null);
    store.put("ns/plain", plain);

    // java-operator-sdk reads every object's annotations (InformerEventSource.canSkipEvent).
    assertThat(store.get("ns/plain").getMetadata().getAnnotations()).isEmpty();
    assertThat(store.get("ns/plain").getMetadata().getLabels()).isEmpty();
    assertThat(store.get("ns/plain").getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void aPodKeepsOnlyItsControllerReference() {
    SlimWorkloads<Pod> store = new SlimWorkloads<>(Pod.class);
    Pod adopted = pod("adopted", owner("apps/v1", "ReplicaSet", false));
    store.put("ns/adopted", adopted);

    assertThat(store.get("ns/adopted").getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void podsThatRunTheSameThingShareOneSpecWhoeverOwnsThem() {
    SlimWorkloads<Pod> store = new SlimWorkloads<>(Pod.class);
    store.put("ns/web-1-abc", pod("web-1-abc", owner("apps/v1", "ReplicaSet", true)));
    store.put("ns/bare", pod("bare", null));
    store.put("ns/operand", pod("operand", owner("postgresql.cnpg.io/v1", "Cluster", true)));
    Pod other = pod("other", null);
    other.getSpec().getContainers().get(0).setImage("nginx:1.27");
    store.put("ns/other", other);

    assertThat(store.get("ns/bare").getSpec()).isSameAs(store.get("ns/web-1-abc").getSpec());
    assertThat(store.get("ns/operand").getSpec()).isSameAs(store.get("ns/web-1-abc").getSpec());
    assertThat(store.get("ns/other").getSpec()).isNotSameAs(store.get("ns/bare").getSpec());
  }

  @Test
  void aReplicaSetOfADeploymentIsAStubAndTheDeploymentKeepsItsTemplate() {
    SlimWorkloads<ReplicaSet> replicaSets = new SlimWorkloads<>(ReplicaSet.class);
    SlimWorkloads<Deployment> deployments = new SlimWorkloads<>(Deployment.class);
    replicaSets.put(
        "ns/web-1",
        new ReplicaSetBuilder()
            .withNewMetadata()
            .withName("web-1")
            .withNamespace("ns")
            .withOwnerReferences(owner("apps/v1", "Deployment", true))
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
            .endSpec()
            .withNewStatus()
            .withReplicas(3)
            .endStatus()
            .build());
    deployments.put(
        "ns/web",
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withNamespace("ns")
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
            .endSpec()
            .withNewStatus()
            .withReplicas(3)
            .endStatus()
            .build());

    assertThat(replicaSets.get("ns/web-1").getSpec()).isNull();
    assertThat(deployments.get("ns/web").getSpec()).isNotNull();
    assertThat(deployments.get("ns/web").getStatus()).isNull();
  }

  @Test
  void aStatusOnlyUpdateIsFilteredOutAndAnEphemeralContainerIsNot() {
    PodContents contents = new PodContents();
    Pod before =
        SlimWorkloads.slim(
            Pod.class, pod("web-1-abc", owner("apps/v1", "ReplicaSet", true)), contents);
    Pod running = pod("web-1-abc", owner("apps/v1", "ReplicaSet", true));
    running.getStatus().setPhase("Running");
    running = SlimWorkloads.slim(Pod.class, running, contents);
    Pod debugged = pod("web-1-abc", owner("apps/v1", "ReplicaSet", true));
    debugged
        .getSpec()
        .setEphemeralContainers(
            java.util.List.of(
                new io.fabric8.kubernetes.api.model.EphemeralContainerBuilder()
                    .withName("debugger")
                    .withImage("busybox")
                    .build()));
    debugged = SlimWorkloads.slim(Pod.class, debugged, contents);

    assertThat(new SpecOrLabelsChanged<Pod>().accept(running, before)).isFalse();
    assertThat(new SpecOrLabelsChanged<Pod>().accept(debugged, running)).isTrue();
  }

  @Test
  void podsOfOneControllerShareTheirLabelsNamespaceAndControllerReference() {
    PodContents contents = new PodContents();
    // As decoded from JSON: every pod has its own copies of equal strings and maps.
    Pod first = SlimWorkloads.slim(Pod.class, decodedPod("web-1-abc"), contents);
    Pod second = SlimWorkloads.slim(Pod.class, decodedPod("web-1-def"), contents);

    assertThat(second.getMetadata().getLabels())
        .isEqualTo(Map.of("app", "web"))
        .isSameAs(first.getMetadata().getLabels());
    assertThat(second.getMetadata().getNamespace()).isSameAs(first.getMetadata().getNamespace());
    OwnerReference a = first.getMetadata().getOwnerReferences().get(0);
    OwnerReference b = second.getMetadata().getOwnerReferences().get(0);
    assertThat(b.getName()).isSameAs(a.getName());
    assertThat(b.getUid()).isSameAs(a.getUid());
    assertThat(second.getMetadata().getName()).isEqualTo("web-1-def");
  }

  @Test
  void aCachedDeploymentSharesItsEmptyMapsAndListsAndStaysEqual() {
    String json =
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
            + "\"namespace\":\"ns\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"selector\":"
            + "{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":"
            + "{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":"
            + "\"nginx\",\"resources\":{\"limits\":{\"cpu\":\"1\"}},\"securityContext\":"
            + "{\"capabilities\":{\"drop\":[\"ALL\"]}}}]}}}}";
    io.fabric8.kubernetes.api.model.apps.Deployment decoded =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            json, io.fabric8.kubernetes.api.model.apps.Deployment.class);
    io.fabric8.kubernetes.api.model.apps.Deployment cached =
        SlimWorkloads.slim(
            io.fabric8.kubernetes.api.model.apps.Deployment.class,
            io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                json, io.fabric8.kubernetes.api.model.apps.Deployment.class),
            new PodContents());

    var container = cached.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getAdditionalProperties()).isSameAs(Map.of());
    assertThat(container.getEnv()).isSameAs(java.util.List.of());
    assertThat(container.getResources().getLimits().get("cpu").getAdditionalProperties())
        .isSameAs(Map.of());
    assertThat(cached.getSpec().getTemplate().getMetadata().getAnnotations()).isSameAs(Map.of());
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    decoded.setStatus(null);
    decoded.getMetadata().setManagedFields(null);
    assertThat(cached).isEqualTo(decoded);
    assertThat(cached.hashCode()).isEqualTo(decoded.hashCode());
  }

  @SuppressWarnings("StringOperationCanBeSimplified")
  private static Pod decodedPod(String name) {
    Pod pod = pod(name, owner("apps/v1", "ReplicaSet", true));
    pod.getMetadata().setNamespace(new String("ns"));
    pod.getMetadata()
        .setLabels(new java.util.HashMap<>(Map.of(new String("app"), new String("web"))));
    OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
    owner.setName(new String("web-1"));
    owner.setUid(new String("uid-web-1"));
    return pod;
  }

  private static Pod pod(String name, OwnerReference owner) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("ns")
            .withLabels(Map.of("app", "web"))
            .withResourceVersion("42")
            .withFinalizers("example.com/hold")
            .withAnnotations(
                Map.of(
                    SlimWorkloads.LAST_APPLIED,
                    "{\"big\":true}",
                    "prometheus.io/scrape",
                    "true",
                    "container.apparmor.security.beta.kubernetes.io/main",
                    "runtime/default"))
            .addNewManagedField()
            .withManager("kubectl")
            .endManagedField()
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("nginx")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Pending")
            .endStatus();
    if (owner != null) {
      pod.editMetadata().withOwnerReferences(owner).endMetadata();
    }
    return pod.build();
  }

  private static OwnerReference owner(String apiVersion, String kind, boolean controller) {
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withName("owner")
        .withUid("uid-1")
        .withController(controller)
        .build();
  }
}
