package dev.bulwark.demo;

import dev.bulwark.api.SecurityBaseline;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The demo's cluster contents: a few team namespaces with secure and insecure workloads, a
 * dangerous binding, and the example baselines shipped in the jar.
 */
final class DemoWorld {

  static final List<String> EXAMPLES =
      List.of("restricted-everywhere.yaml", "baseline-with-exceptions.yaml", "audit-only.yaml");

  /** Namespaces the demo creates, with the labels that pick their baseline. */
  static final Map<String, Map<String, String>> NAMESPACES =
      Map.of(
          "shop-frontend", Map.of("bulwark.dev/baseline", "restricted"),
          "shop-payments", Map.of("bulwark.dev/baseline", "restricted"),
          "legacy-billing", Map.of("bulwark.dev/baseline", "baseline"),
          "sandbox", Map.of());

  private DemoWorld() {}

  static void createWorkloads(KubernetesClient client) {
    NAMESPACES.forEach(
        (name, labels) ->
            client
                .resource(
                    new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels)
                        .endMetadata()
                        .build())
                .serverSideApply());
    apply(client, deployment("shop-frontend", "web", secureSpec("nginx@sha256:" + "a".repeat(64))));
    apply(
        client, deployment("shop-payments", "api", rootSpec("registry.example.com/payments:2.1")));
    apply(
        client, deployment("legacy-billing", "batch", privilegedSpec("docker.io/acme/billing:7")));
    apply(client, deployment("sandbox", "notebook", rootSpec("jupyter/base-notebook:latest")));
    apply(
        client,
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName("deployer")
            .withNamespace("legacy-billing")
            .endMetadata()
            .build());
    apply(
        client,
        new ClusterRoleBindingBuilder()
            .withNewMetadata()
            .withName("legacy-deployer-admin")
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName("deployer")
            .withNamespace("legacy-billing")
            .endSubject()
            .build());
  }

  static void applyExamples(KubernetesClient client) {
    for (String example : EXAMPLES) {
      String resource = "/dev/bulwark/examples/" + example;
      try (InputStream in = DemoWorld.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("example missing from the jar: " + resource);
        }
        apply(client, Serialization.unmarshal(in, SecurityBaseline.class));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void apply(KubernetesClient client, HasMetadata object) {
    client.resource(object).fieldManager("bulwark-demo").forceConflicts().serverSideApply();
  }

  private static HasMetadata deployment(
      String namespace, String name, io.fabric8.kubernetes.api.model.PodSpec spec) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withSpec(spec)
        .endTemplate()
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.PodSpec secureSpec(String image) {
    return new PodSpecBuilder()
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(
            new ContainerBuilder()
                .withName("web")
                .withImage(image)
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .withNewResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("100m"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("128Mi"))
                .addToRequests(
                    "ephemeral-storage", new io.fabric8.kubernetes.api.model.Quantity("100Mi"))
                .addToLimits("cpu", new io.fabric8.kubernetes.api.model.Quantity("500m"))
                .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("256Mi"))
                .addToLimits(
                    "ephemeral-storage", new io.fabric8.kubernetes.api.model.Quantity("200Mi"))
                .endResources()
                .withNewLivenessProbe()
                .withNewHttpGet()
                .withPath("/healthz")
                .withNewPort(8080)
                .endHttpGet()
                .endLivenessProbe()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/ready")
                .withNewPort(8080)
                .endHttpGet()
                .endReadinessProbe()
                .build())
        .build();
  }

  private static io.fabric8.kubernetes.api.model.PodSpec rootSpec(String image) {
    return new PodSpecBuilder()
        .withContainers(new ContainerBuilder().withName("app").withImage(image).build())
        .build();
  }

  private static io.fabric8.kubernetes.api.model.PodSpec privilegedSpec(String image) {
    return new PodSpecBuilder()
        .withContainers(
            new ContainerBuilder()
                .withName("agent")
                .withImage(image)
                .withNewSecurityContext()
                .withPrivileged(true)
                .endSecurityContext()
                .build())
        .addNewVolume()
        .withName("host")
        .withNewHostPath()
        .withPath("/var/log")
        .endHostPath()
        .endVolume()
        .build();
  }
}
