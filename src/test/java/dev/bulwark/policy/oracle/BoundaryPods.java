package dev.bulwark.policy.oracle;

import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodOS;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.TCPSocketActionBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries for pods near the baseline/restricted boundary: each starts from a pod that
 * restricted admits and, field by field with small probabilities, flips one of the fields the
 * checks read (pod and container level, every container list, annotations, volumes, Windows).
 */
final class BoundaryPods {

  private static final String IMAGE = "registry.example/app:1";

  private BoundaryPods() {}

  /** Linux pods mostly, some with no OS, some Windows. */
  static Arbitrary<Pod> pods() {
    return Arbitraries.frequencyOf(Tuple.of(5, linuxPods()), Tuple.of(1, windowsPods()));
  }

  static Arbitrary<Pod> linuxPods() {
    return Builders.withBuilder(() -> restrictedPod(false))
        .use(Arbitraries.of("linux", ""))
        .withProbability(0.3)
        .in(BoundaryPods::os)
        .use(Arbitraries.of("hostNetwork", "hostPID", "hostIPC"))
        .withProbability(0.08)
        .in(BoundaryPods::hostNamespace)
        .use(Arbitraries.of(false, true))
        .withProbability(0.12)
        .in((p, v) -> with(p, () -> p.getSpec().setHostUsers(v)))
        .use(Arbitraries.of(false).injectNull(0.5))
        .withProbability(0.08)
        .in((p, v) -> with(p, () -> podSc(p).setRunAsNonRoot(v)))
        .use(Arbitraries.of(0L, 1000L))
        .withProbability(0.07)
        .in((p, v) -> with(p, () -> podSc(p).setRunAsUser(v)))
        .use(seccomp().injectNull(0.4))
        .withProbability(0.08)
        .in((p, v) -> with(p, () -> podSc(p).setSeccompProfile(v)))
        .use(seLinux())
        .withProbability(0.05)
        .in((p, v) -> with(p, () -> podSc(p).setSeLinuxOptions(v)))
        .use(appArmor())
        .withProbability(0.05)
        .in((p, v) -> with(p, () -> podSc(p).setAppArmorProfile(v)))
        .use(sysctls())
        .withProbability(0.08)
        .in((p, v) -> with(p, () -> podSc(p).setSysctls(List.of(new Sysctl(v, "1")))))
        .use(Arbitraries.of(true))
        .withProbability(0.02)
        .in((p, v) -> with(p, () -> podSc(p).setWindowsOptions(hostProcess(v))))
        .use(annotations())
        .withProbability(0.12)
        .in(BoundaryPods::annotate)
        .use(volumes())
        .withProbability(0.12)
        .in(BoundaryPods::addVolume)
        .use(container("init", false))
        .withProbability(0.5)
        .in((p, c) -> with(p, () -> p.getSpec().setInitContainers(List.of(c))))
        .use(container("app", false))
        .in((p, c) -> with(p, () -> replaceApp(p, c)))
        .use(container("sidecar", false))
        .withProbability(0.2)
        .in((p, c) -> with(p, () -> p.getSpec().getContainers().add(c)))
        .use(container("debug", true))
        .withProbability(0.15)
        .in((p, c) -> with(p, () -> p.getSpec().setEphemeralContainers(List.of(ephemeral(c)))))
        .build(p -> p);
  }

  /** Windows pods: mostly without Linux-only fields (the API server rejects those). */
  static Arbitrary<Pod> windowsPods() {
    return Builders.withBuilder(() -> restrictedPod(true))
        .use(Arbitraries.of(false).injectNull(0.5))
        .withProbability(0.15)
        .in((p, v) -> with(p, () -> podSc(p).setRunAsNonRoot(v)))
        .use(Arbitraries.of(true))
        .withProbability(0.1)
        .in(
            (p, v) ->
                with(
                    p,
                    () -> {
                      podSc(p).setWindowsOptions(hostProcess(v));
                      p.getSpec().setHostNetwork(true);
                    }))
        .use(Arbitraries.of("ape-false", "drop-all", "seccomp", "runAsUser", "privileged"))
        .withProbability(0.2)
        .in(BoundaryPods::linuxFieldOnWindows)
        .use(Arbitraries.of("hostPath", "emptyDir"))
        .withProbability(0.1)
        .in((p, v) -> addVolume(p, v))
        .use(Arbitraries.of(true))
        .withProbability(0.1)
        .in((p, v) -> with(p, () -> p.getSpec().getInitContainers().add(windowsContainer("init"))))
        .use(Arbitraries.of(true))
        .withProbability(0.1)
        .in(
            (p, v) ->
                with(
                    p,
                    () ->
                        p.getSpec()
                            .setEphemeralContainers(List.of(ephemeral(windowsContainer("debug"))))))
        .build(p -> p);
  }

  private static Arbitrary<Container> container(String name, boolean ephemeral) {
    return Builders.withBuilder(() -> restrictedContainer(name))
        .use(Arbitraries.of(true))
        .withProbability(0.06)
        .in((c, v) -> withC(c, () -> c.setSecurityContext(null)))
        .use(Arbitraries.of(true, false))
        .withProbability(0.05)
        .in(
            (c, v) ->
                withC(
                    c,
                    () -> {
                      sc(c).setPrivileged(v);
                      if (v) {
                        sc(c).setAllowPrivilegeEscalation(null);
                      }
                    }))
        .use(Arbitraries.of(true).injectNull(0.5))
        .withProbability(0.07)
        .in((c, v) -> withC(c, () -> sc(c).setAllowPrivilegeEscalation(v)))
        .use(Arbitraries.of("none", "empty", "NET_RAW"))
        .withProbability(0.07)
        .in(BoundaryPods::drop)
        .use(Arbitraries.of("NET_BIND_SERVICE", "CHOWN", "NET_RAW", "SYS_TIME", "KILL"))
        .withProbability(0.08)
        .in((c, v) -> withC(c, () -> caps(c).setAdd(List.of(v))))
        .use(Arbitraries.of("Default", "Unmasked"))
        .withProbability(0.05)
        .in((c, v) -> withC(c, () -> sc(c).setProcMount(v)))
        .use(Arbitraries.of(true, false))
        .withProbability(0.06)
        .in((c, v) -> withC(c, () -> sc(c).setRunAsNonRoot(v)))
        .use(Arbitraries.of(0L, 1000L))
        .withProbability(0.06)
        .in((c, v) -> withC(c, () -> sc(c).setRunAsUser(v)))
        .use(seccomp())
        .withProbability(0.07)
        .in((c, v) -> withC(c, () -> sc(c).setSeccompProfile(v)))
        .use(seLinux())
        .withProbability(0.05)
        .in((c, v) -> withC(c, () -> sc(c).setSeLinuxOptions(v)))
        .use(appArmor())
        .withProbability(0.04)
        .in((c, v) -> withC(c, () -> sc(c).setAppArmorProfile(v)))
        .use(Arbitraries.of(true))
        .withProbability(ephemeral ? 0 : 0.05)
        .in(
            (c, v) ->
                withC(
                    c,
                    () ->
                        c.setPorts(
                            List.of(
                                new ContainerPortBuilder()
                                    .withContainerPort(8080)
                                    .withHostPort(8080)
                                    .build()))))
        .use(probes())
        .withProbability(ephemeral ? 0 : 0.07)
        .in((c, v) -> withC(c, () -> c.setLivenessProbe(v)))
        .use(Arbitraries.of("", "10.0.0.1"))
        .withProbability(ephemeral ? 0 : 0.03)
        .in(
            (c, host) ->
                withC(
                    c,
                    () ->
                        handlerOn(
                            c,
                            () ->
                                c.setLifecycle(
                                    new LifecycleBuilder()
                                        .withPreStop(
                                            new LifecycleHandlerBuilder()
                                                .withHttpGet(
                                                    new HTTPGetActionBuilder()
                                                        .withHost(host)
                                                        .withPath("/stop")
                                                        .withPort(new IntOrString(8080))
                                                        .build())
                                                .build())
                                        .build()))))
        .build(c -> c);
  }

  /** Init containers may carry probes and hooks only as sidecars (restartPolicy: Always). */
  private static void handlerOn(Container c, Runnable set) {
    set.run();
    if (c.getName().equals("init")) {
      c.setRestartPolicy("Always");
    }
  }

  private static Arbitrary<SeccompProfile> seccomp() {
    return Arbitraries.of("RuntimeDefault", "Unconfined", "Localhost")
        .map(t -> new SeccompProfile("Localhost".equals(t) ? "profiles/audit.json" : null, t));
  }

  private static Arbitrary<AppArmorProfile> appArmor() {
    return Arbitraries.of("RuntimeDefault", "Unconfined", "Localhost")
        .map(t -> new AppArmorProfile("Localhost".equals(t) ? "k8s-apparmor" : null, t));
  }

  private static Arbitrary<SELinuxOptions> seLinux() {
    return Arbitraries.of(
        new SELinuxOptions("s0:c1,c2", null, "container_t", null),
        new SELinuxOptions(null, null, "container_engine_t", null),
        new SELinuxOptions(null, null, "container_kvm_t", null),
        new SELinuxOptions(null, null, "spc_t", null),
        new SELinuxOptions(null, "sysadm_r", null, null),
        new SELinuxOptions(null, null, null, "sysadm_u"));
  }

  private static Arbitrary<String> sysctls() {
    return Arbitraries.of(
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_rmem",
        "net.ipv4.tcp_notsent_lowat",
        "kernel.msgmax",
        "net.core.somaxconn");
  }

  private static Arbitrary<String[]> annotations() {
    return Arbitraries.of(
        new String[] {"seccomp.security.alpha.kubernetes.io/pod", "runtime/default"},
        new String[] {"seccomp.security.alpha.kubernetes.io/pod", "unconfined"},
        new String[] {"seccomp.security.alpha.kubernetes.io/pod", "docker/default"},
        new String[] {"seccomp.security.alpha.kubernetes.io/pod", "localhost/profile.json"},
        new String[] {"container.seccomp.security.alpha.kubernetes.io/app", "unconfined"},
        new String[] {"container.seccomp.security.alpha.kubernetes.io/app", "runtime/default"},
        new String[] {"container.apparmor.security.beta.kubernetes.io/app", "unconfined"},
        new String[] {"container.apparmor.security.beta.kubernetes.io/app", "runtime/default"},
        new String[] {"container.apparmor.security.beta.kubernetes.io/app", "localhost/k8s-x"});
  }

  private static Arbitrary<String> volumes() {
    return Arbitraries.of(
        "emptyDir", "configMap", "secret", "projected", "csi", "pvc", "hostPath", "nfs", "iscsi");
  }

  private static Arbitrary<Probe> probes() {
    return Arbitraries.of("http-host", "tcp-host", "http-no-host")
        .map(
            kind ->
                switch (kind) {
                  case "http-host" ->
                      new ProbeBuilder()
                          .withHttpGet(
                              new HTTPGetActionBuilder()
                                  .withHost("169.254.169.254")
                                  .withPath("/")
                                  .withPort(new IntOrString(8080))
                                  .build())
                          .build();
                  case "tcp-host" ->
                      new ProbeBuilder()
                          .withTcpSocket(
                              new TCPSocketActionBuilder()
                                  .withHost("example.com")
                                  .withPort(new IntOrString(8080))
                                  .build())
                          .build();
                  default ->
                      new ProbeBuilder()
                          .withHttpGet(
                              new HTTPGetActionBuilder()
                                  .withPath("/healthz")
                                  .withPort(new IntOrString(8080))
                                  .build())
                          .build();
                });
  }

  private static Pod restrictedPod(boolean windows) {
    Pod pod = new Pod();
    pod.setApiVersion("v1");
    pod.setKind("Pod");
    pod.setMetadata(new ObjectMeta());
    pod.getMetadata().setName("oracle");
    PodSpec spec = new PodSpec();
    PodSecurityContext sc = new PodSecurityContext();
    sc.setRunAsNonRoot(true);
    spec.setSecurityContext(sc);
    spec.setInitContainers(new ArrayList<>());
    spec.setContainers(new ArrayList<>());
    if (windows) {
      spec.setOs(new PodOS("windows"));
      spec.getContainers().add(windowsContainer("app"));
    } else {
      sc.setSeccompProfile(new SeccompProfile(null, "RuntimeDefault"));
      spec.getContainers().add(restrictedContainer("app"));
    }
    pod.setSpec(spec);
    return pod;
  }

  private static Container restrictedContainer(String name) {
    Container c = new Container();
    c.setName(name);
    c.setImage(IMAGE);
    SecurityContext sc = new SecurityContext();
    sc.setAllowPrivilegeEscalation(false);
    sc.setCapabilities(new Capabilities(null, new ArrayList<>(List.of("ALL"))));
    c.setSecurityContext(sc);
    return c;
  }

  private static Container windowsContainer(String name) {
    Container c = new Container();
    c.setName(name);
    c.setImage(IMAGE);
    return c;
  }

  private static EphemeralContainer ephemeral(Container c) {
    return new EphemeralContainerBuilder()
        .withName(c.getName())
        .withImage(c.getImage())
        .withSecurityContext(c.getSecurityContext())
        .build();
  }

  private static Pod os(Pod p, String name) {
    return with(p, () -> p.getSpec().setOs(name.isEmpty() ? null : new PodOS(name)));
  }

  private static Pod hostNamespace(Pod p, String which) {
    return with(
        p,
        () -> {
          switch (which) {
            case "hostNetwork" -> p.getSpec().setHostNetwork(true);
            case "hostPID" -> p.getSpec().setHostPID(true);
            default -> p.getSpec().setHostIPC(true);
          }
        });
  }

  private static Pod annotate(Pod p, String[] annotation) {
    return with(
        p,
        () -> {
          if (p.getMetadata().getAnnotations() == null) {
            p.getMetadata().setAnnotations(new HashMap<>());
          }
          p.getMetadata().getAnnotations().put(annotation[0], annotation[1]);
        });
  }

  private static Pod addVolume(Pod p, String type) {
    VolumeBuilder v = new VolumeBuilder().withName("v-" + type.toLowerCase());
    switch (type) {
      case "emptyDir" -> v.withNewEmptyDir().endEmptyDir();
      case "configMap" -> v.withNewConfigMap().withName("cm").endConfigMap();
      case "secret" -> v.withNewSecret().withSecretName("s").endSecret();
      case "projected" -> v.withNewProjected().withSources(List.of()).endProjected();
      case "csi" -> v.withNewCsi().withDriver("inline.example.com").endCsi();
      case "pvc" ->
          v.withNewPersistentVolumeClaim().withClaimName("data").endPersistentVolumeClaim();
      case "hostPath" -> v.withNewHostPath().withPath("/var/log").endHostPath();
      case "nfs" -> v.withNewNfs().withServer("nfs.example.com").withPath("/x").endNfs();
      default ->
          v.withNewIscsi()
              .withTargetPortal("10.0.0.1:3260")
              .withIqn("iqn.2001-04.com.example:storage")
              .withLun(0)
              .endIscsi();
    }
    Volume volume = v.build();
    return with(
        p,
        () -> {
          if (p.getSpec().getVolumes() == null) {
            p.getSpec().setVolumes(new ArrayList<>());
          }
          p.getSpec().getVolumes().add(volume);
        });
  }

  private static Pod linuxFieldOnWindows(Pod p, String field) {
    Container c = p.getSpec().getContainers().get(0);
    return with(
        p,
        () -> {
          switch (field) {
            case "ape-false" -> sc(c).setAllowPrivilegeEscalation(false);
            case "drop-all" -> caps(c).setDrop(List.of("ALL"));
            case "seccomp" ->
                podSc(p).setSeccompProfile(new SeccompProfile(null, "RuntimeDefault"));
            case "runAsUser" -> podSc(p).setRunAsUser(0L);
            default -> sc(c).setPrivileged(true);
          }
        });
  }

  private static Container drop(Container c, String kind) {
    return withC(
        c,
        () -> {
          switch (kind) {
            case "none" -> sc(c).setCapabilities(null);
            case "empty" -> caps(c).setDrop(List.of());
            default -> caps(c).setDrop(List.of(kind));
          }
        });
  }

  private static void replaceApp(Pod p, Container c) {
    if (!p.getSpec().getContainers().isEmpty()) {
      p.getSpec().getContainers().set(0, c);
    }
  }

  private static WindowsSecurityContextOptions hostProcess(boolean value) {
    WindowsSecurityContextOptions options = new WindowsSecurityContextOptions();
    options.setHostProcess(value);
    return options;
  }

  private static PodSecurityContext podSc(Pod p) {
    if (p.getSpec().getSecurityContext() == null) {
      p.getSpec().setSecurityContext(new PodSecurityContext());
    }
    return p.getSpec().getSecurityContext();
  }

  private static SecurityContext sc(Container c) {
    if (c.getSecurityContext() == null) {
      c.setSecurityContext(new SecurityContext());
    }
    return c.getSecurityContext();
  }

  private static Capabilities caps(Container c) {
    if (sc(c).getCapabilities() == null) {
      sc(c).setCapabilities(new Capabilities());
    }
    return sc(c).getCapabilities();
  }

  private static Pod with(Pod p, Runnable change) {
    change.run();
    return p;
  }

  private static Container withC(Container c, Runnable change) {
    change.run();
    return c;
  }
}
