package dev.bulwark.policy.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The oracle and the invariants are only as good as the pods: the same seed must give the same pods
 * (so a failure can be replayed), and the default run must reach every field the checks read.
 */
class BoundaryPodGeneratorTest {

  private static final int ORACLE_PODS = 2_700;

  @Test
  void theSameSeedGivesTheSamePods() {
    long seed = BoundaryPodGenerator.DEFAULT_SEED;
    List<String> first = yaml(new BoundaryPodGenerator(seed).pods(200));
    assertThat(yaml(new BoundaryPodGenerator(seed).pods(200))).isEqualTo(first);
    assertThat(yaml(new BoundaryPodGenerator(seed + 1).pods(200))).isNotEqualTo(first);
  }

  @Test
  void theOraclesPodsReachEveryFieldTheChecksRead() {
    Map<String, Predicate<Pod>> fields = new LinkedHashMap<>();
    fields.put("os linux", p -> os(p, "linux"));
    fields.put("os windows", p -> os(p, "windows"));
    fields.put("hostNetwork", p -> Boolean.TRUE.equals(p.getSpec().getHostNetwork()));
    fields.put("hostPID", p -> Boolean.TRUE.equals(p.getSpec().getHostPID()));
    fields.put("hostIPC", p -> Boolean.TRUE.equals(p.getSpec().getHostIPC()));
    fields.put("hostUsers false", p -> Boolean.FALSE.equals(p.getSpec().getHostUsers()));
    fields.put("pod runAsNonRoot false", pod(sc -> Boolean.FALSE.equals(sc.getRunAsNonRoot())));
    fields.put("pod runAsNonRoot unset", pod(sc -> sc.getRunAsNonRoot() == null));
    fields.put("pod runAsUser 0", pod(sc -> Long.valueOf(0).equals(sc.getRunAsUser())));
    fields.put("pod seccomp Unconfined", pod(sc -> seccomp(sc.getSeccompProfile())));
    fields.put("pod seLinux", pod(sc -> sc.getSeLinuxOptions() != null));
    fields.put(
        "pod appArmor Unconfined",
        pod(
            sc ->
                sc.getAppArmorProfile() != null && unconfined(sc.getAppArmorProfile().getType())));
    fields.put("pod sysctls", pod(sc -> !sc.getSysctls().isEmpty()));
    fields.put("pod hostProcess", pod(sc -> sc.getWindowsOptions() != null));
    fields.put("seccomp annotation", annotation("seccomp.security.alpha.kubernetes.io/pod"));
    fields.put(
        "container seccomp annotation",
        annotation("container.seccomp.security.alpha.kubernetes.io/"));
    fields.put(
        "AppArmor annotation", annotation("container.apparmor.security.beta.kubernetes.io/"));
    fields.put("hostPath volume", volume(v -> v.getHostPath() != null));
    fields.put("other restricted volume", volume(v -> v.getNfs() != null || v.getRbd() != null));
    fields.put("image volume", volume(v -> v.getImage() != null));
    fields.put("init container", p -> !p.getSpec().getInitContainers().isEmpty());
    fields.put("sidecar init container", p -> sidecar(p.getSpec()));
    fields.put("second container", p -> p.getSpec().getContainers().size() > 1);
    fields.put(
        "ephemeral container",
        p ->
            p.getSpec().getEphemeralContainers() != null
                && !p.getSpec().getEphemeralContainers().isEmpty());
    fields.put("no container securityContext", anyContainer(Objects::isNull));
    fields.put("privileged", container(sc -> Boolean.TRUE.equals(sc.getPrivileged())));
    fields.put(
        "allowPrivilegeEscalation true",
        container(sc -> Boolean.TRUE.equals(sc.getAllowPrivilegeEscalation())));
    fields.put("no capabilities", container(sc -> sc.getCapabilities() == null));
    fields.put(
        "capabilities added",
        container(sc -> sc.getCapabilities() != null && sc.getCapabilities().getAdd() != null));
    fields.put(
        "ALL not dropped",
        container(
            sc -> sc.getCapabilities() != null && !sc.getCapabilities().getDrop().contains("ALL")));
    fields.put("procMount Unmasked", container(sc -> "Unmasked".equals(sc.getProcMount())));
    fields.put(
        "container runAsNonRoot false",
        container(sc -> Boolean.FALSE.equals(sc.getRunAsNonRoot())));
    fields.put("container runAsUser 0", container(sc -> Long.valueOf(0).equals(sc.getRunAsUser())));
    fields.put("container seccomp Unconfined", container(sc -> seccomp(sc.getSeccompProfile())));
    fields.put("container seLinux", container(sc -> sc.getSeLinuxOptions() != null));
    fields.put(
        "container appArmor Unconfined",
        container(
            sc ->
                sc.getAppArmorProfile() != null && unconfined(sc.getAppArmorProfile().getType())));
    fields.put("container hostProcess", container(sc -> sc.getWindowsOptions() != null));
    fields.put(
        "ephemeral container privileged",
        p ->
            p.getSpec().getEphemeralContainers() != null
                && p.getSpec().getEphemeralContainers().stream()
                    .map(EphemeralContainer::getSecurityContext)
                    .anyMatch(sc -> sc != null && Boolean.TRUE.equals(sc.getPrivileged())));
    fields.put(
        "hostPort",
        containers(c -> c.getPorts().stream().anyMatch(port -> port.getHostPort() != null)));
    fields.put("liveness probe host", containers(c -> host(c.getLivenessProbe())));
    fields.put("readiness probe host", containers(c -> host(c.getReadinessProbe())));
    fields.put("startup probe host", containers(c -> host(c.getStartupProbe())));
    fields.put(
        "preStop hook",
        containers(c -> c.getLifecycle() != null && c.getLifecycle().getPreStop() != null));
    fields.put(
        "postStart hook",
        containers(c -> c.getLifecycle() != null && c.getLifecycle().getPostStart() != null));

    List<Pod> pods = new BoundaryPodGenerator(BoundaryPodGenerator.DEFAULT_SEED).pods(ORACLE_PODS);
    Map<String, Long> counts = new LinkedHashMap<>();
    fields.forEach((name, test) -> counts.put(name, pods.stream().filter(test).count()));
    System.out.println(
        "BoundaryPodGenerator: pods with each field, of " + ORACLE_PODS + ": " + counts);
    assertThat(counts).allSatisfy((name, count) -> assertThat(count).as(name).isPositive());
  }

  private static List<String> yaml(List<Pod> pods) {
    return pods.stream().map(Serialization::asYaml).toList();
  }

  private static boolean os(Pod p, String name) {
    return p.getSpec().getOs() != null && name.equals(p.getSpec().getOs().getName());
  }

  private static boolean unconfined(String type) {
    return "Unconfined".equals(type);
  }

  private static boolean seccomp(io.fabric8.kubernetes.api.model.SeccompProfile profile) {
    return profile != null && unconfined(profile.getType());
  }

  private static boolean host(Probe probe) {
    return probe != null
        && ((probe.getHttpGet() != null && probe.getHttpGet().getHost() != null)
            || (probe.getTcpSocket() != null && probe.getTcpSocket().getHost() != null));
  }

  private static boolean sidecar(PodSpec spec) {
    return spec.getInitContainers().stream().anyMatch(c -> "Always".equals(c.getRestartPolicy()));
  }

  private static Predicate<Pod> pod(Predicate<PodSecurityContext> test) {
    return p ->
        p.getSpec().getSecurityContext() != null && test.test(p.getSpec().getSecurityContext());
  }

  private static Predicate<Pod> annotation(String prefix) {
    return p ->
        p.getMetadata().getAnnotations() != null
            && p.getMetadata().getAnnotations().keySet().stream()
                .anyMatch(k -> k.startsWith(prefix));
  }

  private static Predicate<Pod> volume(Predicate<io.fabric8.kubernetes.api.model.Volume> test) {
    return p ->
        p.getSpec().getVolumes() != null && p.getSpec().getVolumes().stream().anyMatch(test);
  }

  /** Containers and init containers (ephemeral ones carry only a name, image and context). */
  private static Predicate<Pod> containers(Predicate<Container> test) {
    return p ->
        Stream.concat(
                p.getSpec().getContainers().stream(), p.getSpec().getInitContainers().stream())
            .anyMatch(test);
  }

  /** The security context of any container, init or ephemeral, null included. */
  private static Predicate<Pod> anyContainer(Predicate<SecurityContext> test) {
    return p -> {
      List<SecurityContext> contexts = new ArrayList<>();
      p.getSpec().getContainers().forEach(c -> contexts.add(c.getSecurityContext()));
      p.getSpec().getInitContainers().forEach(c -> contexts.add(c.getSecurityContext()));
      if (p.getSpec().getEphemeralContainers() != null) {
        p.getSpec().getEphemeralContainers().forEach(c -> contexts.add(c.getSecurityContext()));
      }
      return contexts.stream().anyMatch(test);
    };
  }

  private static Predicate<Pod> container(Predicate<SecurityContext> test) {
    return anyContainer(sc -> sc != null && test.test(sc));
  }
}
