package dev.bulwark.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.plan.Ownership;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Test access to the ValidatingAdmissionPolicies and bindings the operator generates. */
public final class GeneratedPolicies {

  public static final Duration CONVERGE = Duration.ofSeconds(60);

  private GeneratedPolicies() {}

  public static SecurityBaseline baseline(String name, String specYaml) {
    String yaml =
        "apiVersion: bulwark.dev/v1alpha1\nkind: SecurityBaseline\nmetadata:\n  name: "
            + name
            + "\nspec:\n"
            + specYaml.stripIndent().indent(2);
    return Serialization.unmarshal(yaml, SecurityBaseline.class);
  }

  /**
   * The baseline's policies for Bulwark's workload checks (not the owned-object guard nor the
   * tenant NetworkPolicy check, which every Enforce baseline with default-deny also has).
   */
  public static List<ValidatingAdmissionPolicy> policies(KubernetesClient client, String baseline) {
    return client
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicies()
        .withLabel(Ownership.BASELINE_LABEL, baseline)
        .list()
        .getItems()
        .stream()
        .filter(GeneratedPolicies::forWorkloadCheck)
        .toList();
  }

  /** The bindings of {@link #policies}. */
  public static List<ValidatingAdmissionPolicyBinding> bindings(
      KubernetesClient client, String baseline) {
    return client
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicyBindings()
        .withLabel(Ownership.BASELINE_LABEL, baseline)
        .list()
        .getItems()
        .stream()
        .filter(GeneratedPolicies::forWorkloadCheck)
        .toList();
  }

  private static boolean forWorkloadCheck(io.fabric8.kubernetes.api.model.HasMetadata object) {
    java.util.Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null
        && dev.bulwark.policy.hardening.HardeningCheckIds.ALL.contains(
            labels.get(ValidatingPolicies.CHECK_LABEL));
  }

  /**
   * Waits until {@code baseline} has {@code checks} policies and as many bindings, every policy
   * type-checked by the API server's status controller without a warning.
   */
  public static void awaitInPlace(KubernetesClient client, String baseline, int checks) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              List<ValidatingAdmissionPolicy> policies = policies(client, baseline);
              SecurityBaseline live =
                  client.resources(SecurityBaseline.class).withName(baseline).get();
              assertThat(policies)
                  .as(
                      "policies of %s (its status: %s)",
                      baseline, live == null ? "baseline gone" : live.getStatus())
                  .hasSize(checks);
              assertThat(bindings(client, baseline)).as("bindings of " + baseline).hasSize(checks);
              for (ValidatingAdmissionPolicy policy : policies) {
                assertThat(policy.getStatus())
                    .as("status of " + policy.getMetadata().getName())
                    .isNotNull();
                assertThat(policy.getStatus().getObservedGeneration())
                    .as("type-checked generation of " + policy.getMetadata().getName())
                    .isEqualTo(policy.getMetadata().getGeneration());
                assertThat(policy.getStatus().getTypeChecking()).isNotNull();
                assertThat(policy.getStatus().getTypeChecking().getExpressionWarnings())
                    .as("type-check warnings of " + policy.getMetadata().getName())
                    .isNullOrEmpty();
              }
            });
  }

  /**
   * Sends a server-side dry-run create of a pod named {@code name} with one container whose image
   * has no digest, the dedicated account and token, requests, limits and probes; returns the
   * refusal message, or null when admitted.
   */
  public static String dryRunPod(
      KubernetesClient client, String namespace, String name, Map<String, String> labels) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
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
    try {
      client.pods().inNamespace(namespace).resource(pod).dryRun().create();
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 422) {
        return e.getMessage();
      }
      throw e;
    }
  }
}
