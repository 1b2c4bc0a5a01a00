package dev.bulwark.operator;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

/** Deployments and Pods for tests: pods never start here, but they and templates are audited. */
public final class Workloads {

  private Workloads() {}

  /** A Deployment whose template runs privileged as root: fails baseline and restricted. */
  static Deployment privileged(String namespace, String name) {
    return deployment(
        namespace,
        name,
        new PodSpecBuilder()
            .addNewContainer()
            .withName("app")
            .withImage("registry.example/app:1")
            .withNewSecurityContext()
            .withPrivileged(true)
            .endSecurityContext()
            .endContainer()
            .build());
  }

  /** A bare Pod running privileged: refused where enforce is baseline or restricted. */
  public static io.fabric8.kubernetes.api.model.Pod privilegedPod(String name) {
    return new io.fabric8.kubernetes.api.model.PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/app:1")
        .withNewSecurityContext()
        .withPrivileged(true)
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }

  /** A Deployment that meets the restricted level. */
  static Deployment restricted(String namespace, String name) {
    return deployment(
        namespace,
        name,
        new PodSpecBuilder()
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
            .build());
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
