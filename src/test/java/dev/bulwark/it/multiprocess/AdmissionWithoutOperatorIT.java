package dev.bulwark.it.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.admission.GeneratedPolicies;
import dev.bulwark.admission.ValidatingPolicies;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.policy.hardening.HardeningCheckIds;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.OperatorProcess;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission keeps refusing with the operator stopped (SIGKILL of its own JVM): the generated
 * policies live in the API server. While it is down, nothing rewrites them: an exception that
 * expires stays in force at admission (documented), and a deleted binding stays deleted; both are
 * put right as soon as the operator is back. Deleting the baseline while the operator is down still
 * releases the policies, through their owner references and the garbage collector.
 */
@LocalCluster(controllerManager = true)
class AdmissionWithoutOperatorIT {

  @Test
  void violatingPodIsRefusedWhileTheOperatorIsDown(TestCluster cluster, @TempDir Path dir) {
    RunningOperator.installCrds(cluster);
    String team = "d" + UUID.randomUUID().toString().substring(0, 8);
    String operatorNs = "bulwark-" + team;
    String name = "down-" + team;
    String ns = cluster.createNamespace(Map.of("team", team));
    Instant expires = Instant.now().plusSeconds(40).truncatedTo(ChronoUnit.SECONDS);
    try (KubernetesClient client = cluster.newClient()) {
      await()
          .atMost(GeneratedPolicies.CONVERGE)
          .until(() -> client.serviceAccounts().inNamespace(ns).withName("default").get() != null);
      SecurityBaseline baseline =
          client
              .resource(
                  GeneratedPolicies.baseline(
                      name,
                      """
                      namespaceSelector: {matchLabels: {team: %s}}
                      podSecurity: {level: privileged}
                      images: {requireDigest: true}
                      workloads: {requireTokenAutomountDisabled: true}
                      exceptions:
                        - checks: [imageDigest]
                          selector: {matchLabels: {app: legacy}}
                          reason: "JIRA-9: legacy image until its rebuild"
                          expires: "EXPIRES"
                      """
                          .formatted(team)
                          .replace("EXPIRES", expires.toString())))
              .create();
      OperatorProcess operator = OperatorProcess.start(cluster, dir, operatorNs, "vap-1");
      try {
        GeneratedPolicies.awaitInPlace(client, name, 2);
      } finally {
        operator.kill();
      }
      assertThat(operator.isAlive()).isFalse();

      // Down: a violating pod is refused, for real as in a dry run (once the API server's
      // admission plugin has picked the new bindings up from its informer).
      await()
          .atMost(GeneratedPolicies.CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(GeneratedPolicies.dryRunPod(client, ns, "plain", Map.of()))
                      .contains("imageDigest: image not pinned by digest"));
      assertThat(create(client, ns, unpinned("plain-real", Map.of())))
          .contains("ValidatingAdmissionPolicy 'bulwark-" + name + "-image-digest'");
      assertThat(GeneratedPolicies.dryRunPod(client, ns, "legacy", Map.of("app", "legacy")))
          .as("the excepted pod while its exception is in force")
          .isNull();

      // Down: drift and expiry are not acted on.
      String tokenPolicy = ValidatingPolicies.name(name, HardeningCheckIds.SERVICE_ACCOUNT_TOKEN);
      client
          .admissionRegistration()
          .v1()
          .validatingAdmissionPolicyBindings()
          .withName(tokenPolicy)
          .delete();
      await()
          .atMost(GeneratedPolicies.CONVERGE)
          .until(() -> Instant.now().isAfter(expires.plusSeconds(2)));
      assertThat(GeneratedPolicies.dryRunPod(client, ns, "legacy", Map.of("app", "legacy")))
          .as("an exception expired while the operator is down stays in force at admission")
          .isNull();
      assertThat(GeneratedPolicies.bindings(client, name)).hasSize(1);

      // Back: the expired exception goes and the binding is restored.
      OperatorProcess second = OperatorProcess.start(cluster, dir, operatorNs, "vap-2");
      try {
        await()
            .atMost(GeneratedPolicies.CONVERGE)
            .untilAsserted(
                () -> {
                  assertThat(
                          GeneratedPolicies.dryRunPod(
                              client, ns, "legacy", Map.of("app", "legacy")))
                      .contains("imageDigest: image not pinned by digest");
                  assertThat(GeneratedPolicies.bindings(client, name)).hasSize(2);
                });
      } finally {
        second.kill();
      }

      // Down again, baseline deleted: the garbage collector releases the policies.
      client.resource(baseline).delete();
      await()
          .atMost(GeneratedPolicies.CONVERGE)
          .untilAsserted(
              () -> {
                assertThat(GeneratedPolicies.policies(client, name)).isEmpty();
                assertThat(GeneratedPolicies.bindings(client, name)).isEmpty();
              });
      await()
          .atMost(GeneratedPolicies.CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(GeneratedPolicies.dryRunPod(client, ns, "plain", Map.of())).isNull());
    }
  }

  private static Pod unpinned(String name, Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .addNewContainer()
        .withName("app")
        .withImage("registry.example.com/app:1")
        .endContainer()
        .endSpec()
        .build();
  }

  /** Creates {@code pod} for real; returns the refusal, or null when created. */
  private static String create(KubernetesClient client, String namespace, Pod pod) {
    try {
      client.pods().inNamespace(namespace).resource(pod).create();
      return null;
    } catch (KubernetesClientException e) {
      return e.getMessage();
    }
  }
}
