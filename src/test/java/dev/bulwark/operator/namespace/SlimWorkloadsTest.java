package dev.bulwark.operator.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.operator.informers.SpecOrLabelsChanged;
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

/** Issue 12: the workload caches keep only what the audit reads. */
class SlimWorkloadsTest {

  @Test
  void aPodOfAReplicaSetIsStoredAsAStubWithItsMetadata() {
    SlimWorkloads<Pod> store = new SlimWorkloads<>(Pod.class);
    store.put("ns/web-1-abc", pod("web-1-abc", owner("apps/v1", "ReplicaSet", true)));

    Pod cached = store.get("ns/web-1-abc");
    assertThat(cached.getSpec()).isNull();
    assertThat(cached.getStatus()).isNull();
    assertThat(cached.getMetadata().getManagedFields()).isNull();
    assertThat(cached.getMetadata().getAnnotations())
        .containsOnlyKeys("container.apparmor.security.beta.kubernetes.io/main");
    assertThat(cached.getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(cached.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(SlimWorkloads.isStub(cached)).isTrue();
  }

  @Test
  void aBarePodAndAPodOfAnUnauditedControllerKeepTheirSpec() {
    SlimWorkloads<Pod> store = new SlimWorkloads<>(Pod.class);
    store.put("ns/bare", pod("bare", null));
    store.put("ns/operand", pod("operand", owner("postgresql.cnpg.io/v1", "Cluster", true)));
    store.put("ns/adopted", pod("adopted", owner("apps/v1", "ReplicaSet", false)));

    for (String key : new String[] {"ns/bare", "ns/operand", "ns/adopted"}) {
      Pod cached = store.get(key);
      assertThat(cached.getSpec()).as(key).isNotNull();
      assertThat(cached.getStatus()).as(key).isNull();
      assertThat(cached.getMetadata().getAnnotations())
          .as(key)
          .doesNotContainKey(SlimWorkloads.LAST_APPLIED);
      assertThat(SlimWorkloads.isStub(cached)).as(key).isFalse();
    }
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
  void aStatusOnlyUpdateOfAStubbedPodIsStillFilteredOut() {
    Pod before =
        SlimWorkloads.slim(Pod.class, pod("web-1-abc", owner("apps/v1", "ReplicaSet", true)));
    Pod after = pod("web-1-abc", owner("apps/v1", "ReplicaSet", true));
    after.getStatus().setPhase("Running");
    after = SlimWorkloads.slim(Pod.class, after);

    assertThat(new SpecOrLabelsChanged<Pod>().accept(after, before)).isFalse();
  }

  private static Pod pod(String name, OwnerReference owner) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("ns")
            .withLabels(Map.of("app", "web"))
            .withAnnotations(
                Map.of(
                    SlimWorkloads.LAST_APPLIED,
                    "{\"big\":true}",
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
