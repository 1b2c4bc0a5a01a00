package dev.bulwark.policy.pss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.policy.Finding;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.PolicyVersion;
import dev.bulwark.policy.TestPods;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodOS;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SELinuxOptionsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table of pods, each at a level and version, with the exact set of checks that must fire. */
class PssChecksTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        row("minimal restricted pod", "restricted", "latest", p -> {}),
        row("minimal restricted pod, old version", "restricted", "v1.0", p -> {}),
        row(
            "privileged level checks nothing",
            "privileged",
            "latest",
            p -> app(p).setPrivileged(true)),
        row(
            "privileged ephemeral container",
            "baseline",
            "latest",
            p -> p.getSpec().setEphemeralContainers(List.of(debug(true))),
            PssCheckIds.PRIVILEGED),
        row(
            "privileged init container",
            "restricted",
            "v1.5",
            p -> p.getSpec().getInitContainers().get(0).getSecurityContext().setPrivileged(true),
            PssCheckIds.PRIVILEGED),
        row(
            "host network and PID",
            "baseline",
            "latest",
            p -> {
              p.getSpec().setHostNetwork(true);
              p.getSpec().setHostPID(true);
            },
            PssCheckIds.HOST_NAMESPACES),
        row(
            "hostPath at baseline",
            "baseline",
            "latest",
            PssChecksTest::hostPath,
            PssCheckIds.HOST_PATH_VOLUMES),
        row(
            "hostPath at restricted is restrictedVolumes",
            "restricted",
            "v1.0",
            PssChecksTest::hostPath,
            PssCheckIds.RESTRICTED_VOLUMES),
        row("host port", "baseline", "latest", PssChecksTest::hostPort, PssCheckIds.HOST_PORTS),
        row("probe host before v1.34", "baseline", "v1.33", PssChecksTest::probeHost),
        row(
            "probe host from v1.34",
            "baseline",
            "v1.34",
            PssChecksTest::probeHost,
            PssCheckIds.HOST_PROBES_AND_HOST_LIFECYCLE),
        row(
            "NET_RAW at baseline",
            "baseline",
            "latest",
            p -> add(p, "NET_RAW"),
            PssCheckIds.CAPABILITIES_BASELINE),
        row(
            "NET_RAW at restricted v1.21",
            "restricted",
            "v1.21",
            p -> add(p, "NET_RAW"),
            PssCheckIds.CAPABILITIES_BASELINE),
        row(
            "NET_RAW at restricted v1.22",
            "restricted",
            "v1.22",
            p -> add(p, "NET_RAW"),
            PssCheckIds.CAPABILITIES_RESTRICTED),
        row("CHOWN is default at baseline", "baseline", "latest", p -> add(p, "CHOWN")),
        row(
            "CHOWN not allowed at restricted",
            "restricted",
            "latest",
            p -> add(p, "CHOWN"),
            PssCheckIds.CAPABILITIES_RESTRICTED),
        row(
            "no drop ALL at restricted v1.21",
            "restricted",
            "v1.21",
            p -> app(p).setCapabilities(new Capabilities())),
        row(
            "container_engine_t before v1.31",
            "baseline",
            "v1.30",
            p -> seLinuxType(p, "container_engine_t"),
            PssCheckIds.SE_LINUX_OPTIONS),
        row(
            "container_engine_t from v1.31",
            "baseline",
            "v1.31",
            p -> seLinuxType(p, "container_engine_t")),
        row(
            "unmasked procMount, host users",
            "baseline",
            "latest",
            p -> app(p).setProcMount("Unmasked"),
            PssCheckIds.PROC_MOUNT),
        row(
            "unmasked procMount, user namespace, v1.34",
            "baseline",
            "v1.34",
            PssChecksTest::unmaskedInUserNamespace,
            PssCheckIds.PROC_MOUNT),
        row(
            "unmasked procMount, user namespace, v1.35",
            "baseline",
            "v1.35",
            PssChecksTest::unmaskedInUserNamespace),
        row(
            "unmasked procMount, user namespace, restricted v1.35",
            "restricted",
            "v1.35",
            PssChecksTest::unmaskedInUserNamespace,
            PssCheckIds.PROC_MOUNT_RESTRICTED),
        row(
            "unconfined seccomp annotation before v1.19",
            "baseline",
            "v1.18",
            p -> annotate(p, "seccomp.security.alpha.kubernetes.io/pod", "unconfined"),
            PssCheckIds.SECCOMP_PROFILE_BASELINE),
        row(
            "unconfined seccomp annotation from v1.19",
            "baseline",
            "v1.19",
            p -> annotate(p, "seccomp.security.alpha.kubernetes.io/pod", "unconfined")),
        row(
            "unconfined seccomp field at restricted",
            "restricted",
            "latest",
            p -> p.getSpec().getSecurityContext().getSeccompProfile().setType("Unconfined"),
            PssCheckIds.SECCOMP_PROFILE_RESTRICTED),
        row(
            "unconfined AppArmor annotation",
            "baseline",
            "latest",
            p -> annotate(p, "container.apparmor.security.beta.kubernetes.io/app", "unconfined"),
            PssCheckIds.APP_ARMOR_PROFILE),
        row(
            "tcp_rmem before v1.32",
            "baseline",
            "v1.31",
            p -> sysctl(p, "net.ipv4.tcp_rmem"),
            PssCheckIds.SYSCTLS),
        row("tcp_rmem from v1.32", "baseline", "v1.32", p -> sysctl(p, "net.ipv4.tcp_rmem")),
        row(
            "tcp_notsent_lowat at latest",
            "baseline",
            "latest",
            p -> sysctl(p, "net.ipv4.tcp_notsent_lowat")),
        row(
            "tcp_notsent_lowat at v1.36",
            "baseline",
            "v1.36",
            p -> sysctl(p, "net.ipv4.tcp_notsent_lowat"),
            PssCheckIds.SYSCTLS),
        row(
            "bare Windows pod at v1.24",
            "restricted",
            "v1.24",
            PssChecksTest::bareWindows,
            PssCheckIds.ALLOW_PRIVILEGE_ESCALATION,
            PssCheckIds.CAPABILITIES_RESTRICTED,
            PssCheckIds.SECCOMP_PROFILE_RESTRICTED),
        row("bare Windows pod at v1.25", "restricted", "v1.25", PssChecksTest::bareWindows),
        row(
            "runAsUser 0 at v1.22",
            "restricted",
            "v1.22",
            p -> p.getSpec().getSecurityContext().setRunAsUser(0L)),
        row(
            "runAsUser 0 at v1.23",
            "restricted",
            "v1.23",
            p -> p.getSpec().getSecurityContext().setRunAsUser(0L),
            PssCheckIds.RUN_AS_USER),
        row(
            "runAsUser 0 in user namespace at v1.35",
            "restricted",
            "v1.35",
            p -> {
              p.getSpec().getSecurityContext().setRunAsUser(0L);
              p.getSpec().setHostUsers(false);
            }),
        row(
            "container overrides runAsNonRoot",
            "restricted",
            "latest",
            p -> app(p).setRunAsNonRoot(false),
            PssCheckIds.RUN_AS_NON_ROOT),
        row(
            "no runAsNonRoot anywhere",
            "restricted",
            "latest",
            p -> p.getSpec().getSecurityContext().setRunAsNonRoot(null),
            PssCheckIds.RUN_AS_NON_ROOT),
        row(
            "allowPrivilegeEscalation unset before v1.8",
            "restricted",
            "v1.7",
            p -> app(p).setAllowPrivilegeEscalation(null)),
        row(
            "allowPrivilegeEscalation unset from v1.8",
            "restricted",
            "v1.8",
            p -> app(p).setAllowPrivilegeEscalation(null),
            PssCheckIds.ALLOW_PRIVILEGE_ESCALATION),
        row(
            "Windows hostProcess",
            "baseline",
            "latest",
            p ->
                app(p)
                    .setWindowsOptions(
                        new io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions(
                            null, null, true, null)),
            PssCheckIds.WINDOWS_HOST_PROCESS),
        row(
            "future version behaves as the newest rules",
            "baseline",
            "v1.99",
            p -> sysctl(p, "net.ipv4.tcp_notsent_lowat")));
  }

  @ParameterizedTest(name = "{0} at {1}:{2}")
  @MethodSource("cases")
  void firesExactlyTheExpectedChecks(
      String name, String level, String version, Consumer<Pod> tweak, Set<String> expected) {
    Pod pod = TestPods.restricted(tweak);
    FindingSink sink = new FindingSink();
    PssEvaluator.standard()
        .evaluate(
            Level.parse(level),
            PolicyVersion.parse(version),
            PodView.ofPod(pod.getMetadata(), pod.getSpec()),
            sink);
    Set<String> fired = new TreeSet<>();
    for (Finding finding : sink.findings()) {
      fired.add(finding.check());
    }
    assertThat(fired).isEqualTo(new TreeSet<>(expected));
  }

  private static Arguments row(
      String name, String level, String version, Consumer<Pod> tweak, String... expected) {
    return Arguments.of(name, level, version, tweak, Set.of(expected));
  }

  static SecurityContext app(Pod p) {
    return p.getSpec().getContainers().get(0).getSecurityContext();
  }

  private static io.fabric8.kubernetes.api.model.EphemeralContainer debug(boolean privileged) {
    return new EphemeralContainerBuilder()
        .withName("debug")
        .withImage("busybox")
        .withNewSecurityContext()
        .withPrivileged(privileged)
        .withAllowPrivilegeEscalation(true)
        .endSecurityContext()
        .build();
  }

  private static void hostPath(Pod p) {
    p.getSpec()
        .setVolumes(
            List.of(
                new VolumeBuilder()
                    .withName("host")
                    .withHostPath(new HostPathVolumeSource("/etc", null))
                    .build()));
  }

  private static void hostPort(Pod p) {
    p.getSpec()
        .getContainers()
        .get(0)
        .setPorts(
            List.of(new ContainerPortBuilder().withContainerPort(80).withHostPort(8080).build()));
  }

  private static void probeHost(Pod p) {
    p.getSpec()
        .getContainers()
        .get(0)
        .setLivenessProbe(
            new ProbeBuilder()
                .withHttpGet(
                    new HTTPGetActionBuilder()
                        .withHost("169.254.169.254")
                        .withPort(new IntOrString(80))
                        .build())
                .build());
  }

  private static void add(Pod p, String capability) {
    app(p).getCapabilities().setAdd(List.of(capability));
  }

  private static void seLinuxType(Pod p, String type) {
    app(p).setSeLinuxOptions(new SELinuxOptionsBuilder().withType(type).build());
  }

  private static void unmaskedInUserNamespace(Pod p) {
    app(p).setProcMount("Unmasked");
    p.getSpec().setHostUsers(false);
  }

  private static void annotate(Pod p, String key, String value) {
    p.getMetadata().setAnnotations(Map.of(key, value));
  }

  private static void sysctl(Pod p, String name) {
    p.getSpec().getSecurityContext().setSysctls(List.of(new Sysctl(name, "1")));
  }

  private static void bareWindows(Pod p) {
    p.getSpec().setOs(new PodOS("windows"));
    p.getSpec().getSecurityContext().setSeccompProfile(null);
    p.getSpec().getInitContainers().get(0).setSecurityContext(null);
    p.getSpec().getContainers().get(0).setSecurityContext(null);
  }
}
