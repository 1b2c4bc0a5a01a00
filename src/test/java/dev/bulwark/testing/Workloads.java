package dev.bulwark.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

/**
 * The one builder of the privileged and restricted workloads the tests need: pods never start here,
 * but the API server admits or refuses them and the operator audits them and their templates. Every
 * container is named {@code app} and runs {@code registry.example/app:1}.
 */
public final class Workloads {

  private Workloads() {}

  /** A Deployment whose template runs privileged as root: fails baseline and restricted. */
  public static Deployment privileged(String namespace, String name) {
    return deployment(namespace, name, privilegedSpec());
  }

  /** A bare Pod running privileged: refused where enforce is baseline or restricted. */
  public static Pod privilegedPod(String name) {
    return pod(name, privilegedSpec());
  }

  /** A Deployment that meets the restricted level. */
  public static Deployment restricted(String namespace, String name) {
    return deployment(namespace, name, restrictedSpec());
  }

  /** A bare Pod that meets the restricted level. */
  public static Pod restrictedPod(String name) {
    return pod(name, restrictedSpec());
  }

  private static PodSpec privilegedSpec() {
    return new PodSpecBuilder()
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/app:1")
        .withNewSecurityContext()
        .withPrivileged(true)
        .endSecurityContext()
        .endContainer()
        .build();
  }

  private static PodSpec restrictedSpec() {
    return new PodSpecBuilder()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/app:1")
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .build();
  }

  private static Pod pod(String name, PodSpec spec) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata().withSpec(spec).build();
  }

  private static Deployment deployment(String namespace, String name, PodSpec spec) {
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
}
