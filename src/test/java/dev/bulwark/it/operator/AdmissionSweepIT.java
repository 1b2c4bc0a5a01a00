package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.plan.Ownership;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 26 (operator tier), item 5: the generated ValidatingAdmissionPolicies and bindings of a
 * baseline that no longer exists are removed, also when the garbage collector cannot: after {@code
 * kubectl delete --cascade=orphan} (swept at the deletion) and after their owner reference was
 * stripped while the operator was down (swept when it starts). A stripped reference is put back
 * while the baseline lives. Left behind, such policies keep the namespaces under Deny for a
 * baseline that is gone.
 */
@LocalCluster(controllerManager = true)
class AdmissionSweepIT {

  private static final Duration CONVERGE = Duration.ofSeconds(90);

  private TestCluster cluster;
  private KubernetesClient client;
  private RunningOperator operator;
  private String team;

  @BeforeEach
  void start(TestCluster testCluster) {
    cluster = testCluster;
    client = cluster.newClient();
    team = "sw" + UUID.randomUUID().toString().substring(0, 8);
    cluster.createNamespace(Map.of("team", team));
    operator = RunningOperator.start(cluster);
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    client.resources(SecurityBaseline.class).withLabel("bulwark.dev/test", team).delete();
    client.close();
  }

  @Test
  void anOrphanDeletedBaselineLeavesNoAdmissionObjects() {
    String name = "orphan-" + team;
    createBaseline(name);
    awaitGenerated(name);

    var deleted =
        cluster.kubectl("delete", "securitybaseline", name, "--cascade=orphan", "--wait=true");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();

    awaitNoneLeft(name);
  }

  @Test
  void objectsWhoseOwnerReferenceWasStrippedAreSweptWhenTheOperatorStarts() {
    String name = "stripped-" + team;
    createBaseline(name);
    awaitGenerated(name);
    operator.close();
    operator = null;

    generated(name).forEach(this::stripOwnerReferences);
    client.resources(SecurityBaseline.class).withName(name).delete();
    await()
        .atMost(CONVERGE)
        .until(() -> client.resources(SecurityBaseline.class).withName(name).get() == null);
    assertThat(generated(name)).as("the garbage collector cannot remove them").isNotEmpty();

    operator = RunningOperator.start(cluster);

    awaitNoneLeft(name);
  }

  @Test
  void parameterObjectsOfAGoneBaselineAreSweptToo() {
    String gone = "gone-" + team;
    var sets = client.genericKubernetesResources("bulwark.dev/v1alpha1", "VulnerableImageSet");
    sets.resource(
            Serialization.unmarshal(
                """
                apiVersion: bulwark.dev/v1alpha1
                kind: VulnerableImageSet
                metadata:
                  name: bulwark-%s-image-vulnerabilities-warn-0
                  labels:
                    app.kubernetes.io/managed-by: bulwark
                    bulwark.dev/baseline: %s
                spec: {baseline: %s, action: Warn, images: {}}
                """
                    .formatted(gone, gone, gone),
                io.fabric8.kubernetes.api.model.GenericKubernetesResource.class))
        .create();
    String other = "other-" + team;
    createBaseline(other);
    awaitGenerated(other);

    // A baseline's deletion runs the sweep, which finds every object of a baseline that is gone.
    client.resources(SecurityBaseline.class).withName(other).delete();

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(
                        sets.withLabel("bulwark.dev/baseline", gone).list().getItems().stream()
                            .map(o -> o.getMetadata().getName())
                            .toList())
                    .as("parameter objects of a baseline that does not exist")
                    .isEmpty());
  }

  @Test
  void aStrippedOwnerReferenceIsPutBackWhileTheBaselineLives() {
    String name = "restored-" + team;
    createBaseline(name);
    awaitGenerated(name);

    generated(name).forEach(this::stripOwnerReferences);

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(generated(name))
                    .isNotEmpty()
                    .allSatisfy(
                        o ->
                            assertThat(o.getMetadata().getOwnerReferences())
                                .as(o.getKind() + " " + o.getMetadata().getName())
                                .isNotEmpty()));
  }

  private void createBaseline(String name) {
    SecurityBaseline baseline =
        Serialization.unmarshal(
            """
            apiVersion: bulwark.dev/v1alpha1
            kind: SecurityBaseline
            metadata:
              name: %s
              labels: {bulwark.dev/test: %s}
            spec:
              namespaceSelector: {matchLabels: {team: %s}}
              podSecurity: {level: privileged}
              images: {requireDigest: true}
            """
                .formatted(name, team, team),
            SecurityBaseline.class);
    client.resource(baseline).create();
  }

  /** Waits for at least one policy and one binding of {@code baseline}. */
  private void awaitGenerated(String baseline) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(policies(baseline)).isNotEmpty();
              assertThat(bindings(baseline)).isNotEmpty();
            });
  }

  private void awaitNoneLeft(String baseline) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(generated(baseline))
                    .extracting(o -> o.getKind() + " " + o.getMetadata().getName())
                    .as("admission objects of the deleted baseline " + baseline)
                    .isEmpty());
  }

  private List<HasMetadata> generated(String baseline) {
    List<HasMetadata> all = new ArrayList<>(policies(baseline));
    all.addAll(bindings(baseline));
    return all;
  }

  private List<? extends HasMetadata> policies(String baseline) {
    return client
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicies()
        .withLabel(Ownership.BASELINE_LABEL, baseline)
        .list()
        .getItems();
  }

  private List<? extends HasMetadata> bindings(String baseline) {
    return client
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicyBindings()
        .withLabel(Ownership.BASELINE_LABEL, baseline)
        .list()
        .getItems();
  }

  private void stripOwnerReferences(HasMetadata object) {
    client
        .resource(object)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"ownerReferences\":null}}");
  }
}
